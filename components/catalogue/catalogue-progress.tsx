// CatalogueProgress: asks the lab for the learner's progress in every lesson once, and shares it with the catalogue's cards (and says when the lab machine is not ready).
'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LessonTotals } from '../../core/protocol';
import { useLabConnection } from '../connection/lab-connection';
import { useMachineStatus } from '../terminal/use-machine-status';
import { MachineNote } from './machine-note';

/** Slug → the learner's totals; null until the lab answered (or when it could not). */
const TotalsContext = createContext<ReadonlyMap<string, LessonTotals> | null>(null);

export function CatalogueProgressProvider({ children }: { children: ReactNode }) {
  const { request, state, epoch, socket } = useLabConnection();
  const machine = useMachineStatus(socket);
  const [totals, setTotals] = useState<ReadonlyMap<string, LessonTotals> | null>(null);

  // Asked again on every (re)connect: a learner coming back from a lesson in another tab sees fresh numbers.
  useEffect(() => {
    if (state !== 'live') return;
    let current = true;
    void request('progress:catalogue', {}).then((reply) => {
      // Without an answer the cards simply show no progress: the catalogue itself still works.
      if (current && reply.ok) setTotals(new Map(reply.value.map((t) => [t.slug, t])));
    });
    return () => {
      current = false;
    };
  }, [request, state, epoch]);

  return (
    <TotalsContext.Provider value={totals}>
      <MachineNote status={machine} />
      {children}
    </TotalsContext.Provider>
  );
}

export function useLessonTotals(slug: string): LessonTotals | null {
  return useContext(TotalsContext)?.get(slug) ?? null;
}
