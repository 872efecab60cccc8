// useMapFocus: when the learner picks a timeline entry, the namespace map selects what that call created or entered (or its process).
'use client';

import { useEffect, useRef } from 'react';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { Select } from '../namespace-map/map-selection';
import { mapSelectionFor } from './map-focus';
import { useTimelineFocus } from './timeline-focus';

/** Selects once per pick (a later map update does not undo the learner's own clicks on the map). */
export function useMapFocus(tree: ProcessTree | null, select: Select): void {
  const entry = useTimelineFocus()?.entry ?? null;
  const applied = useRef<number | null>(null);
  useEffect(() => {
    if (!entry) {
      applied.current = null;
      return;
    }
    if (!tree || applied.current === entry.seq) return;
    const selection = mapSelectionFor(entry, tree);
    // A process that has exited may show up in the next snapshot no more: try again on the next one.
    if (!selection) return;
    applied.current = entry.seq;
    select(selection);
  }, [entry, tree, select]);
}
