// LessonWorkspace: the two-pane lesson screen: server-rendered lesson text beside the live terminals and namespace map, sharing one lab session and its progress.
'use client';

import type { ReactNode } from 'react';
import type { NamespaceType } from '../../core/namespaces';
import type { TerminalSpec } from '../../core/protocol';
import { LabProvider } from '../terminal/lab-provider';
import { TerminalRegistryProvider } from '../terminal/terminal-registry';
import { LessonMapDock } from './lesson-map-dock';
import { LessonProgressProvider } from './lesson-progress-provider';
import { SplitPane } from './split-pane';

type Props = {
  lesson: string;
  terminals: TerminalSpec[];
  stepIds: string[];
  /** Namespace types each step points the map at (step id → types). */
  highlights: Record<string, NamespaceType[]>;
  /** The call each step's timeline points out (step id → `watch`). */
  watches?: Record<string, string>;
  children: ReactNode;
};

export function LessonWorkspace({ lesson, terminals, stepIds, highlights, watches, children }: Props) {
  return (
    <TerminalRegistryProvider>
      <LabProvider lesson={lesson}>
        <LessonProgressProvider stepIds={stepIds}>
          <SplitPane left={children} right={<LessonMapDock terminals={terminals} highlights={highlights} watches={watches} />} />
        </LessonProgressProvider>
      </LabProvider>
    </TerminalRegistryProvider>
  );
}
