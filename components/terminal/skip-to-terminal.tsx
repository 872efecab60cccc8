// SkipToTerminal: the lesson page's first tab stop, a link that puts the keyboard focus into the terminal.
'use client';

import { usePathname } from 'next/navigation';

/** Dispatched on `window`; the terminal on show (the left one when split) takes the focus. */
export const FOCUS_TERMINAL_EVENT = 'nslab:focus-terminal';

/** Only lesson pages have a terminal; elsewhere this renders nothing. */
export function SkipToTerminal() {
  const pathname = usePathname();
  if (!pathname?.startsWith('/lessons/')) return null;
  return (
    <a
      href="#terminal"
      data-testid="skip-to-terminal"
      onClick={(e) => {
        e.preventDefault();
        window.dispatchEvent(new Event(FOCUS_TERMINAL_EVENT));
      }}
      className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
    >
      Skip to terminal
    </a>
  );
}
