// useObservedTerminal: shows a learner's terminal in a read-only xterm: the screen now, then its live output; nothing typed goes anywhere.
'use client';

import { useEffect, useState } from 'react';
import type { TerminalExit, TerminalOutput } from '../../core/protocol';
import type { XtermHandle } from '../terminal/create-xterm';
import type { LabConnection } from '../connection/use-lab-socket';

export type ObserveStatus = { kind: 'idle' } | { kind: 'watching' } | { kind: 'ended' } | { kind: 'failed'; message: string };

export function useObservedTerminal(xterm: XtermHandle | null, conn: LabConnection, terminalId: string | null): ObserveStatus {
  const [status, setStatus] = useState<ObserveStatus>({ kind: 'idle' });
  const { stream, state, epoch, request } = conn;

  useEffect(() => {
    if (!xterm || !stream || !terminalId || state !== 'live') return;
    let cancelled = false;
    let fromSeq = Number.POSITIVE_INFINITY;
    const early: TerminalOutput[] = [];
    const onOutput = (o: TerminalOutput) => {
      if (o.terminalId !== terminalId) return;
      if (fromSeq === Number.POSITIVE_INFINITY) early.push(o);
      else if (o.seq > fromSeq) xterm.term.write(o.data);
    };
    const onExit = (e: TerminalExit) => e.terminalId === terminalId && setStatus({ kind: 'ended' });
    const unsubscribe = [stream.onOutput(onOutput), stream.onExit(onExit)];
    void request('instructor:observe', { terminalId }).then((reply) => {
      if (cancelled) return;
      if (!reply.ok) return setStatus({ kind: 'failed', message: reply.error.message });
      const { screen, seq, cols, rows } = reply.value;
      xterm.term.reset();
      xterm.term.resize(cols, rows);
      xterm.term.write(screen);
      fromSeq = seq;
      for (const o of early.splice(0)) if (o.seq > seq) xterm.term.write(o.data);
      setStatus({ kind: 'watching' });
    });
    return () => {
      cancelled = true;
      for (const stop of unsubscribe) stop();
      void request('instructor:unobserve', { terminalId });
    };
  }, [xterm, stream, terminalId, state, epoch, request]);

  return status;
}
