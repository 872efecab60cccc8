// ThemeSwitch: the header's theme control: follow the system, or always light, or always dark; remembered across visits.
'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { DARK_QUERY, isDark, parseThemeChoice, THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from './theme-choice';

const LABEL: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  // Null until the stored choice is read: applying the default first would flash the wrong theme after hydration.
  const [stored, setChoice] = useState<ThemeChoice | null>(null);
  const choice = stored ?? 'system';
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let saved: string | null = null;
    try {
      saved = window.localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      // Storage refused (private mode, a strict policy): the page follows the system, as the head script did.
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a browser-only value, read after hydration
    setChoice(parseThemeChoice(saved));
  }, []);

  // Apply the choice, and while it is "system", follow the system when it changes (e.g. at sunset).
  useEffect(() => {
    if (stored === null) return;
    const media = window.matchMedia(DARK_QUERY);
    const apply = () => document.documentElement.classList.toggle('dark', isDark(stored, media.matches));
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [stored]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const choose = (next: ThemeChoice) => {
    setChoice(next);
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage refused: the choice holds for this page only.
    }
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      ref={boxRef}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        data-testid="theme-switch"
        data-choice={choice}
        aria-expanded={open}
        aria-controls={menuId}
        title={`Theme: ${LABEL[choice]}`}
        onClick={() => setOpen((o) => !o)}
        className="flex size-8 items-center justify-center rounded-md text-ink-soft hover:bg-paper hover:text-ink"
      >
        <span className="sr-only">Theme: {LABEL[choice]}</span>
        <Icon choice={choice} />
      </button>
      {open ? (
        <div id={menuId} role="group" aria-label="Theme" className="absolute right-0 top-full z-50 mt-1 w-36 rounded-lg border border-line bg-surface p-1 shadow-lg">
          {THEME_CHOICES.map((c) => (
            <button
              key={c}
              type="button"
              data-testid={`theme-option-${c}`}
              aria-pressed={choice === c}
              onClick={() => choose(c)}
              className={`flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm ${
                choice === c ? 'bg-accent-soft font-medium text-ink' : 'text-ink-soft hover:bg-paper hover:text-ink'
              }`}
            >
              <Icon choice={c} />
              {LABEL[c]}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function Icon({ choice }: { choice: ThemeChoice }) {
  const paths: Record<ThemeChoice, ReactNode> = {
    system: (
      <>
        <rect x="2" y="3" width="12" height="8" rx="1.2" />
        <path d="M6 14h4M8 11v3" strokeLinecap="round" />
      </>
    ),
    light: (
      <>
        <circle cx="8" cy="8" r="2.8" />
        <path d="M8 1.5v1.6M8 12.9v1.6M1.5 8h1.6M12.9 8h1.6M3.4 3.4l1.1 1.1M11.5 11.5l1.1 1.1M3.4 12.6l1.1-1.1M11.5 4.5l1.1-1.1" strokeLinecap="round" />
      </>
    ),
    dark: <path d="M13 9.6A5.5 5.5 0 0 1 6.4 3a5.5 5.5 0 1 0 6.6 6.6Z" strokeLinejoin="round" />,
  };
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.4">
      {paths[choice]}
    </svg>
  );
}
