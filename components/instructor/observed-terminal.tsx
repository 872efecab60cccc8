// ObservedTerminal: a learner's terminal, read-only, at the learner's size, scaled to fit the panel.
'use client';

import { useEffect, useRef } from 'react';
import { useXtermInstance } from '../terminal/use-xterm-instance';
import type { LabConnection } from '../connection/use-lab-socket';
import { useObservedTerminal } from './use-observed-terminal';

type Props = { conn: LabConnection; terminalId: string; cols: number; rows: number };

/** Width of one cell relative to the font size, for the monospace fonts we use (unitless ratio). */
const CELL_WIDTH_PER_FONT_PX = 0.62;
const MIN_FONT_PX = 7;
const MAX_FONT_PX = 13;

export function ObservedTerminal({ conn, terminalId, cols, rows }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const xterm = useXtermInstance(containerRef, 'observed', { screenReaderMode: false, readOnly: true });
  const status = useObservedTerminal(xterm, conn, terminalId);

  // The learner's size, at a font size that fits the panel's width.
  useEffect(() => {
    const container = containerRef.current;
    if (!xterm || !container) return;
    const fitFont = () => {
      const px = Math.floor(container.clientWidth / (cols * CELL_WIDTH_PER_FONT_PX));
      xterm.setOptions({ fontSize: Math.max(MIN_FONT_PX, Math.min(MAX_FONT_PX, px)) });
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
