// useXtermInstance: the one xterm.js create/dispose lifecycle, for the learner's terminals and the instructor's read-only view alike.
'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { createXterm, type XtermHandle } from './create-xterm';
import { exposeTerminal } from './test-hooks';

type Options = {
  /** Seeds the emulator's screen-reader mode; later changes apply to the same instance. */
  screenReaderMode: boolean;
  /** Shows another's terminal: takes no keystrokes and does not blink. */
  readOnly?: boolean;
};

/**
 * Creates the emulator in the container (xterm.js loads asynchronously), publishes it under `name`
 * for tests, and disposes it on unmount or when `name` changes; null until it exists. Safe against
 * an unmount while it loads (the late instance is disposed at once) and against a failed load
 * (reported, the pane stays empty).
 */
export function useXtermInstance(containerRef: RefObject<HTMLElement | null>, name: string, { screenReaderMode, readOnly = false }: Options): XtermHandle | null {
  const [xterm, setXterm] = useState<XtermHandle | null>(null);
  // Only the first value seeds a new instance; the effect below keeps the live one in step.
  const initialScreenReaderMode = useRef(screenReaderMode);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let handle: XtermHandle | null = null;
    let withdraw = () => {};
    let cancelled = false;
    createXterm(container, initialScreenReaderMode.current).then(
      (created) => {
        if (cancelled) return created.dispose();
        handle = created;
        if (readOnly) {
          // Read-only: the emulator takes no keystrokes, and nothing would send them anyway.
          created.term.options.disableStdin = true;
          created.term.options.cursorBlink = false;
        }
        withdraw = exposeTerminal(name, created.term);
        setXterm(created);
      },
      (error: unknown) => console.error('nslab: could not start the terminal emulator', error),
    );
    return () => {
      cancelled = true;
      withdraw();
      handle?.dispose();
      setXterm(null);
    };
  }, [containerRef, name, readOnly]);

  useEffect(() => {
    xterm?.setOptions({ screenReaderMode });
  }, [xterm, screenReaderMode]);

  return xterm;
}
