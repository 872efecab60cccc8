// useXterm: creates the xterm.js terminal inside a container, keeps it fitted to the container, disposes it.
'use client';

import { useEffect, useState, type RefObject } from 'react';
import { createXterm, type XtermHandle } from './create-xterm';
import { exposeTerminal } from './test-hooks';

/** Wait this long after the last size change before refitting (in milliseconds): a divider drag fires many. */
export const RESIZE_DEBOUNCE_MS = 50;

export function useXterm(
  containerRef: RefObject<HTMLElement | null>,
  name: string,
  screenReaderMode: boolean,
): XtermHandle | null {
  const [xterm, setXterm] = useState<XtermHandle | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let handle: XtermHandle | null = null;
    let withdraw = () => {};
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const observer = new ResizeObserver(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => refit(handle), RESIZE_DEBOUNCE_MS);
    });
    createXterm(container, screenReaderMode).then(
      (created) => {
        if (cancelled) return created.dispose();
        handle = created;
        refit(created);
        observer.observe(container);
        withdraw = exposeTerminal(name, created.term);
        setXterm(created);
      },
      (error: unknown) => console.error('nslab: could not start the terminal emulator', error),
    );
    return () => {
      cancelled = true;
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
      withdraw();
      handle?.dispose();
      setXterm(null);
    };
    // The initial screen-reader mode only seeds the terminal; later changes go through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [containerRef, name]);

  useEffect(() => {
    if (xterm) xterm.term.options.screenReaderMode = screenReaderMode;
  }, [xterm, screenReaderMode]);

  return xterm;
}

/** Fits rows and columns to the container; skipped while the container has no size (e.g. collapsed). */
function refit(handle: XtermHandle | null): void {
  if (!handle?.term.element?.isConnected) return;
  if (!handle.fit.proposeDimensions()) return;
  handle.fit.fit();
}
