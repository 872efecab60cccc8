// TimelineFocus: the timeline entry the learner picked, shared with the namespace map so it can show that process and its namespaces.
'use client';

import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { TimelineEntry } from '../../core/protocol/timeline';

type Focus = { entry: TimelineEntry | null; setEntry: (entry: TimelineEntry | null) => void };

const TimelineFocusContext = createContext<Focus | null>(null);

export function TimelineFocusProvider({ children }: { children: ReactNode }) {
  const [entry, setEntry] = useState<TimelineEntry | null>(null);
  const value = useMemo(() => ({ entry, setEntry }), [entry]);
  return <TimelineFocusContext.Provider value={value}>{children}</TimelineFocusContext.Provider>;
}

/** The picked entry and its setter; null outside a provider (a map without a timeline). */
export function useTimelineFocus(): Focus | null {
  return useContext(TimelineFocusContext);
}
