// LeaveHint: "Esc then Tab to leave" in the corner of a focused terminal, the way out of it by keyboard (WCAG 2.1.2).
'use client';

import { useEffect, useState } from 'react';
import type { XtermHandle } from './create-xterm';

type Props = {
  id: string;
  /** The terminal's name (for tests to find its hint). */
  terminal: string;
  xterm: XtermHandle | null;
  /** In screen-reader mode, arming is also announced (the hint itself is the terminal's description). */
  screenReader: boolean;
};

/**
 * Shown while its terminal has the focus (the view is a `group`). The text doubles as the
 * accessible description of xterm's input, so a screen reader says it when the terminal is entered.
 */
export function LeaveHint({ id, terminal, xterm, screenReader }: Props) {
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    if (!xterm) return;
    const textarea = xterm.term.textarea;
    textarea?.setAttribute('aria-describedby', id);
    const unsubscribe = xterm.onLeaveArmed(setArmed);
    return () => {
      unsubscribe();
      textarea?.removeAttribute('aria-describedby');
    };
  }, [xterm, id]);

  return (
    <>
      <p
        id={id}
        data-testid="leave-hint"
        data-terminal={terminal}
        data-armed={armed ? 'true' : 'false'}
        className={`pointer-events-none absolute top-1.5 right-3 z-10 hidden rounded-md border px-2 py-0.5 text-xs shadow group-focus-within:block ${
          armed ? 'border-teal-300/70 bg-teal-950 text-teal-50' : 'border-term-line bg-term-raised/90 text-term-muted'
        }`}
      >
        {armed ? (
          <>
            Now <kbd className="font-mono font-semibold text-term-text">Tab</kbd> leaves the terminal; any other key goes to the shell
          </>
        ) : (
          <>
            <kbd className="font-mono font-semibold text-term-text">Esc</kbd> then <kbd className="font-mono font-semibold text-term-text">Tab</kbd> to leave the terminal (
            <kbd className="font-mono font-semibold text-term-text">Shift+Tab</kbd>: back to the lesson)
          </>
        )}
      </p>
      <p role="status" aria-live="polite" className="sr-only">
        {screenReader && armed ? 'Press Tab to leave the terminal, or Shift+Tab to go back.' : ''}
      </p>
    </>
  );
}
