// ObservedTerminal: a learner's terminal, read-only, at the learner's size, scaled to fit the panel.
'use client';

import { useEffect, useRef, useState } from 'react';
import { createXterm, type XtermHandle } from '../terminal/create-xterm';
import { exposeTerminal } from '../terminal/test-hooks';
import type { LabConnection } from '../terminal/use-lab-socket';
import { useObservedTerminal } from './use-observed-terminal';

type Props = { conn: LabConnection; terminalId: string; cols: number; rows: number };

/** Width of one cell relative to the font size, for the monospace fonts we use (unitless ratio). */
const CELL_WIDTH_PER_FONT_PX = 0.62;
const MIN_FONT_PX = 7;
const MAX_FONT_PX = 13;

export function ObservedTerminal({ conn, terminalId, cols, rows }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<XtermHandle | null>(null);
  const status = useObservedTerminal(xterm, conn, terminalId);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let handle: XtermHandle | null = null;
    let withdraw = () => {};
    let cancelled = false;
    createXterm(container, false).then((created) => {
      if (cancelled) return created.dispose();
      handle = created;
      // Read-only: the emulator takes no keystrokes, and nothing would send them anyway.
      created.term.options.disableStdin = true;
      created.term.options.cursorBlink = false;
      withdraw = exposeTerminal('observed', created.term);
      setXterm(created);
    });
    return () => {
      cancelled = true;
      withdraw();
      handle?.dispose();
      setXterm(null);
    };
  }, []);

  // The learner's size, at a font size that fits the panel's width.
  useEffect(() => {
    const container = containerRef.current;
    if (!xterm || !container) return;
    const fitFont = () => {
      const px = Math.floor(container.clientWidth / (cols * CELL_WIDTH_PER_FONT_PX));
      xterm.term.options.fontSize = Math.max(MIN_FONT_PX, Math.min(MAX_FONT_PX, px));
      xterm.term.resize(cols, rows);
    };
    fitFont();
    const observer = new ResizeObserver(fitFont);
    observer.observe(container);
    return () => observer.disconnect();
  }, [xterm, cols, rows]);

  return (
    <div className="relative min-h-0 flex-1 overflow-auto bg-term p-2">
      <div ref={containerRef} data-testid="observed-terminal" data-status={status.kind} className="w-full" />
      {status.kind === 'failed' && <p className="absolute inset-x-0 top-4 text-center text-sm text-rose-200">{status.message}</p>}
      {status.kind === 'ended' && <p className="mt-2 text-xs text-term-muted">The shell ended.</p>}
    </div>
  );
}
