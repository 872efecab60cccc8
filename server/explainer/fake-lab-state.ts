// A LabState made by hand for the recognisers' unit tests: a snapshot, and the facts each test wants the machine to report.
import type { ProbeProcess } from '../../core/probe/probe-schema';
import { ProcessTree } from '../../core/probe/process-tree';
import type { LabState, MountView, NetNamespace } from './lab-state';
import type { Confirm, Draft, Recogniser } from './recogniser';
import { SettledOutput } from './settled-output';

export type FakeFacts = {
  procPidNs?: Record<number, number>;
  setgroups?: Record<number, 'allow' | 'deny'>;
  net?: NetNamespace[];
  mounts?: Record<number, MountView>;
};

export function fakeLabState(processes: ProbeProcess[], facts: FakeFacts = {}): LabState {
  const tree = new ProcessTree({ version: 1, self: 999, processes });
  return {
    tree: async () => tree,
    procPidNamespace: async (pid) => facts.procPidNs?.[pid] ?? null,
    setgroups: async (pid) => facts.setgroups?.[pid] ?? null,
    netNamespaces: async () => facts.net ?? [],
    mountView: async (pid) => facts.mounts?.[pid] ?? null,
    terminalTitle: (name) => ({ one: 'Terminal 1', two: 'Terminal 2' })[name] ?? name,
  };
}

/** What `recogniser` makes of `text` printed in `terminal`: null when it spots nothing, else its confirmation. */
export function spot(recogniser: Recogniser, text: string, terminal = 'one'): Confirm | null {
  return recogniser.spot(new SettledOutput(terminal, text));
}

/** Spots and confirms in one go: the draft, or null at whichever stage said no. */
export async function explain(recogniser: Recogniser, text: string, state: LabState, terminal = 'one'): Promise<Draft | null> {
  const confirm = spot(recogniser, text, terminal);
  return confirm ? confirm(state) : null;
}

/** The draft's words in one string, for matching PIDs and namespaces wherever they are said. */
export const wordsOf = (draft: Draft | null): string => (draft ? [draft.title, ...draft.body, ...draft.why, ...draft.fix.map((f) => `${f.say} ${f.command ?? ''}`)].join('\n') : '');
