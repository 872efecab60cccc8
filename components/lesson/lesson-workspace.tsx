// LessonWorkspace: the two-pane lesson screen: server-rendered lesson text beside the live terminal panel.
'use client';

import type { ReactNode } from 'react';
import type { TerminalSpec } from '../../core/protocol';
import { TerminalPanel } from '../terminal/terminal-panel';
import { TerminalRegistryProvider } from '../terminal/terminal-registry';
import { SplitPane } from './split-pane';

type Props = { lesson: string; terminals: TerminalSpec[]; children: ReactNode };

export function LessonWorkspace({ lesson, terminals, children }: Props) {
  return (
    <TerminalRegistryProvider>
      <SplitPane left={children} right={<TerminalPanel lesson={lesson} terminals={terminals} />} />
    </TerminalRegistryProvider>
  );
}
