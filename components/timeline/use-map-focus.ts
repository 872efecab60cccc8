// useMapFocus: when the learner picks a timeline entry, the namespace map selects and marks what that call created or entered and its process, and tells the timeline what is gone.
'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { Select } from '../namespace-map/map-selection';
import { mapFocusFor, mapSelectionFor, type MapFocus } from './map-focus';
import { useTimelineFocus } from './timeline-focus';

/**
 * How long after a pick a map snapshot older than the call still counts as not yet showing it (in
 * milliseconds). The map probes 120 ms after terminal activity (MAP_DEBOUNCE_MS) and pushes only what
 * changed: a call whose namespace still lives is on the map well within this; after it, what the map
 * lacks is gone. A snapshot probed after the call settles it at once.
 */
export const GONE_AFTER_PICK_MS = 1_500;

/**
 * Selects once per pick (a later map update does not undo the learner's own clicks on the map), and
 * returns what the map marks for the pick (also published to the timeline for its "gone" line).
 * `at`: when the tree was probed (server clock, like the entry's `at`).
 */
export function useMapFocus(tree: ProcessTree | null, at: number | null, select: Select): MapFocus | null {
  const focus = useTimelineFocus();
  const entry = focus?.entry ?? null;
  const setMapFocus = focus?.setMapFocus;
  const applied = useRef<number | null>(null);
  const cleared = useRef<number | null>(null);
  const [waitedFor, setWaitedFor] = useState<number | null>(null);

  useEffect(() => {
    if (!entry) return;
    const timer = setTimeout(() => setWaitedFor(entry.seq), GONE_AFTER_PICK_MS);
    return () => clearTimeout(timer);
  }, [entry]);

  const settled = entry !== null && ((at !== null && at > entry.at) || waitedFor === entry.seq);
  const mapFocus = useMemo(() => (entry && tree ? mapFocusFor(entry, tree, settled) : null), [entry, tree, settled]);

  // The timeline shows the entry's line from this: the map owns what it shows, and publishes it.
  useEffect(() => setMapFocus?.(mapFocus), [mapFocus, setMapFocus]);

  useEffect(() => {
    if (!entry) {
      applied.current = null;
      cleared.current = null;
      return;
    }
    if (!tree || applied.current === entry.seq) return;
    const selection = mapSelectionFor(entry, tree);
    if (!selection) {
      // A process not probed yet shows up in a later snapshot: try again on the next one. Once what the
      // call made is known to be gone, an earlier pick's details would pass for this one's: closed, once.
      if (settled && cleared.current !== entry.seq) {
        cleared.current = entry.seq;
        select(null);
      }
      return;
    }
    applied.current = entry.seq;
    select(selection);
  }, [entry, tree, settled, select]);

  return mapFocus;
}
