// LessonMapDock: the lesson's terminals above the namespace map, which emphasises the namespace types the current step points at.
'use client';

import type { NamespaceType } from '../../core/namespaces';
import type { TerminalSpec } from '../../core/protocol';
import { MapDock } from '../namespace-map/map-dock';
import { TimelineFocusProvider } from '../timeline/timeline-focus';
import { TimelinePanel } from '../timeline/timeline-panel';
import { TerminalPanel } from '../terminal/terminal-panel';
import { useProgress } from './lesson-progress-provider';

type Props = {
  terminals: TerminalSpec[];
  /** Each step's `highlight` (step id → namespace types). */
  highlights: Readonly<Record<string, readonly NamespaceType[]>>;
  /** Each step's `watch`: the call the timeline points out (step id → call). */
  watches?: Readonly<Record<string, string>>;
};

const NONE: readonly NamespaceType[] = [];

export function LessonMapDock({ terminals, highlights, watches = {} }: Props) {
  const { summary } = useProgress();
  const highlight = (summary.current && highlights[summary.current]) || NONE;
  const watch = (summary.current && watches[summary.current]) || null;
  return (
    <TimelineFocusProvider>
      <MapDock terminal={<TerminalPanel terminals={terminals} />} terminals={terminals} highlight={highlight} beside={<TimelinePanel watch={watch} />} />
    </TimelineFocusProvider>
  );
}
