// useTerminalSlots: the terminals the panel shows: the session's slots plus the ones the learner adds or closes here.
'use client';

import { useCallback, useMemo, useState } from 'react';
import type { SessionInfo, TerminalSpec } from '../../core/protocol';
import type { LabConnection } from '../connection/use-lab-socket';
import type { LinkStatus } from './use-terminal-link';

/** Learner-added terminals are named extra-1, extra-2, … (the server accepts only these beyond the lesson's). */
const EXTRA = /^extra-(\d+)$/;

/** At most this many terminals in one session (the server enforces its own limit too, with a clear message). */
export const MAX_TERMINALS_SHOWN = 4;

export function useTerminalSlots(declared: TerminalSpec[], session: SessionInfo | null, links: Record<string, LinkStatus>, conn: LabConnection) {
  const [added, setAdded] = useState<TerminalSpec[]>([]);
  const [closed, setClosed] = useState<string[]>([]);
  const base = session?.terminals.length ? session.terminals : declared;

  const terminals = useMemo(() => {
    const shown = base.filter((t) => !closed.includes(t.name));
    for (const a of added) if (!shown.some((t) => t.name === a.name) && !closed.includes(a.name)) shown.push(a);
    return shown;
  }, [base, added, closed]);

  const lessonOwn = useCallback((name: string) => declared.some((t) => t.name === name), [declared]);

  const add = useCallback((): string => {
    const used = terminals.map((t) => Number(EXTRA.exec(t.name)?.[1] ?? 0));
    const n = Math.max(0, ...used) + 1;
    const spec = { name: `extra-${n}`, title: `Terminal ${declared.length + n}` };
    setAdded((prev) => [...prev, spec]);
    setClosed((prev) => prev.filter((c) => c !== spec.name));
    return spec.name;
  }, [terminals, declared.length]);

  const close = useCallback(
    (name: string) => {
      const link = links[name];
      if (link?.kind === 'open') void conn.request('terminal:close', { terminalId: link.terminalId });
      setClosed((prev) => [...prev, name]);
      setAdded((prev) => prev.filter((a) => a.name !== name));
    },
    [links, conn],
  );

  return { terminals, add, close, canAdd: terminals.length < MAX_TERMINALS_SHOWN, closable: (name: string) => !lessonOwn(name) };
}
