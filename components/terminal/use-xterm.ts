// useXterm: a learner's xterm.js terminal inside a container (useXtermInstance), kept fitted to the container.
'use client';

import { useEffect, type RefObject } from 'react';
import type { XtermHandle } from './create-xterm';
import { useXtermInstance } from './use-xterm-instance';

/** Wait this long after the last size change before refitting (in milliseconds): a divider drag fires many. */
export const RESIZE_DEBOUNCE_MS = 50;

export function useXterm(containerRef: RefObject<HTMLElement | null>, name: string, screenReaderMode: boolean): XtermHandle | null {
  const xterm = useXtermInstance(containerRef, name, { screenReaderMode });

  // Fitted at once (before the terminal link asks the server for a shell of this size), then after every resize settles.
  useEffect(() => {
    const container = containerRef.current;
    if (!xterm || !container) return;
    refit(xterm);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const observer = new ResizeObserver(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => refit(xterm), RESIZE_DEBOUNCE_MS);
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
    };
  }, [containerRef, xterm]);

  return xterm;
}

/** Fits rows and columns to the container; skipped while the container has no size (e.g. collapsed). */
function refit(handle: XtermHandle): void {
  if (!handle.term.element?.isConnected) return;
  if (!handle.fit.proposeDimensions()) return;
  handle.fit.fit();
}
