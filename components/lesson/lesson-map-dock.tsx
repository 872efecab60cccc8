// LessonMapDock: the lesson's terminals above the namespace map, which emphasises the namespace types the current step points at.
'use client';

import type { NamespaceType } from '../../core/namespaces';
import type { TerminalSpec } from '../../core/protocol';
import { MapDock } from '../namespace-map/map-dock';
import { TerminalPanel } from '../terminal/terminal-panel';
import { useProgress } from './lesson-progress-provider';

type Props = {
  terminals: TerminalSpec[];
  /** Each step's `highlight` (step id → namespace types). */
  highlights: Readonly<Record<string, readonly NamespaceType[]>>;
};

const NONE: readonly NamespaceType[] = [];

export function LessonMapDock({ terminals, highlights }: Props) {
  const { summary } = useProgress();
  const highlight = (summary.current && highlights[summary.current]) || NONE;
  return <MapDock terminal={<TerminalPanel terminals={terminals} />} terminals={terminals} highlight={highlight} />;
}
