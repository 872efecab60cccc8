// SplitPane: lesson text left, terminal right, with a draggable (and keyboard-operable) divider; stacks when narrow, where the terminal folds away.
'use client';

import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { FOCUS_TERMINAL_EVENT } from '../terminal/skip-to-terminal';

const STORAGE_KEY = 'nslab:split-left-percent';
/** Bounds and default of the lesson pane's share of the width (in percent). */
const MIN_PERCENT = 25;
const MAX_PERCENT = 70;
const DEFAULT_PERCENT = 44;
const KEY_STEP_PERCENT = 2;

const clamp = (p: number) => Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, p));

export function SplitPane({ left, right }: { left: ReactNode; right: ReactNode }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [percent, setPercent] = useState(DEFAULT_PERCENT);
  const [dragging, setDragging] = useState(false);
  // Narrow screens only: the terminal folds down to its bar, giving the lesson the whole screen.
  const [folded, setFolded] = useState(false);
  const bodyId = useId();

  useEffect(() => {
    // "Skip to terminal" on a folded terminal: unfold it, then ask again once it can take the focus.
    if (!folded) return;
    const unfold = () => {
      setFolded(false);
      requestAnimationFrame(() => window.dispatchEvent(new Event(FOCUS_TERMINAL_EVENT)));
    };
    window.addEventListener(FOCUS_TERMINAL_EVENT, unfold);
    return () => window.removeEventListener(FOCUS_TERMINAL_EVENT, unfold);
  }, [folded]);

  // Read after hydration so the server-rendered page and the first client render agree.
  useEffect(() => {
    const saved = Number(window.localStorage.getItem(STORAGE_KEY));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a browser-only value, read after hydration
    if (saved) setPercent(clamp(saved));
  }, []);

  useEffect(() => {
    // A drag changes the width many times a second: remember it once the drag ends.
    if (!dragging) window.localStorage.setItem(STORAGE_KEY, String(Math.round(percent)));
  }, [dragging, percent]);

  const moveTo = (clientX: number) => {
    const box = boxRef.current?.getBoundingClientRect();
    if (box && box.width > 0) setPercent(clamp(((clientX - box.left) / box.width) * 100));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging) moveTo(e.clientX);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.releasePointerCapture(e.pointerId);
    setDragging(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowLeft: -KEY_STEP_PERCENT, ArrowRight: KEY_STEP_PERCENT }[e.key];
    if (step !== undefined) setPercent((p) => clamp(p + step));
    else if (e.key === 'Home') setPercent(MIN_PERCENT);
    else if (e.key === 'End') setPercent(MAX_PERCENT);
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={boxRef}
      style={{ '--split-left': `${percent}%` } as CSSProperties}
      className={`relative flex h-full flex-col overflow-y-auto lg:flex-row lg:overflow-hidden ${dragging ? 'cursor-col-resize select-none' : ''}`}
    >
      <div className="relative shrink-0 lg:h-full lg:w-[var(--split-left)] lg:overflow-y-auto">{left}</div>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize lesson and terminal panes"
        aria-valuemin={MIN_PERCENT}
        aria-valuemax={MAX_PERCENT}
        aria-valuenow={Math.round(percent)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
        className="group relative hidden w-1.5 shrink-0 cursor-col-resize touch-none bg-line transition-colors hover:bg-accent focus-visible:bg-accent lg:block"
      >
        <span aria-hidden className="absolute inset-y-0 -left-1.5 -right-1.5" />
      </div>
      {/* Narrow: the terminal sticks to the bottom while the lesson scrolls above it, and folds away to its bar.
          While dragging, the terminal must not swallow pointer events (xterm selects text on drag). */}
      <div
        data-testid="terminal-dock"
        data-folded={folded}
        className={`sticky bottom-0 flex shrink-0 flex-col border-t border-term-line bg-term ${folded ? '' : 'h-[45dvh] min-h-64'} lg:static lg:h-full lg:min-w-0 lg:flex-1 lg:border-0 ${dragging ? 'pointer-events-none' : ''}`}
      >
        <button
          type="button"
          data-testid="terminal-fold"
          aria-expanded={!folded}
          aria-controls={bodyId}
          onClick={() => setFolded((f) => !f)}
          className="on-dark flex h-9 shrink-0 items-center gap-2 border-b border-term-line bg-term-raised px-3 text-left text-sm font-medium text-term-text lg:hidden"
        >
          <svg aria-hidden viewBox="0 0 12 12" className={`size-3 shrink-0 transition-transform ${folded ? 'rotate-180' : ''}`}>
            <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          {folded ? 'Show terminal' : 'Hide terminal'}
        </button>
        {/* Folded, the terminals keep running (display: none; xterm skips fitting a box without a size). */}
        <div id={bodyId} className={`min-h-0 flex-1 ${folded ? 'hidden lg:block' : ''}`}>
          {right}
        </div>
      </div>
    </div>
  );
}
