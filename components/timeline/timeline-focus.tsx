// TimelineFocus: the timeline entry the learner picked, shared with the namespace map, which shows that process and its namespaces and says what it cannot show.
'use client';

import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { TimelineEntry } from '../../core/protocol/timeline';
import type { MapFocus } from './map-focus';

type Focus = {
  entry: TimelineEntry | null;
  setEntry: (entry: TimelineEntry | null) => void;
  /** What the map made of the picked entry (null until the map has a snapshot for it). */
  mapFocus: MapFocus | null;
  setMapFocus: (focus: MapFocus | null) => void;
};

const TimelineFocusContext = createContext<Focus | null>(null);

export function TimelineFocusProvider({ children }: { children: ReactNode }) {
  const [entry, setEntry] = useState<TimelineEntry | null>(null);
  const [mapFocus, setMapFocus] = useState<MapFocus | null>(null);
  const value = useMemo(() => ({ entry, setEntry, mapFocus, setMapFocus }), [entry, mapFocus]);
  return <TimelineFocusContext.Provider value={value}>{children}</TimelineFocusContext.Provider>;
}

/** The picked entry and its setter; null outside a provider (a map without a timeline). */
export function useTimelineFocus(): Focus | null {
  return useContext(TimelineFocusContext);
}
