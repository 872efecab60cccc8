// The shape of one recogniser: a cheap look at the output, then a confirmation from the lab's state.
import type { Explanation } from '../../core/protocol';
import type { LabState } from './lab-state';
import type { SettledOutput } from './settled-output';

/** An explanation before the explainer adds whose it is and when. */
export type Draft = Omit<Explanation, 'sessionId' | 'terminal' | 'at'>;

/** Checks the lab's state; a draft when the state confirms the mistake, null when it does not (e.g. an `echo` of the message). */
export type Confirm = (state: LabState) => Promise<Draft | null>;

export type Recogniser = {
  /** For logs and tests. */
  name: string;
  /** Looks at what a command printed, with no I/O: a confirmation to run, or null when nothing looks like this mistake. */
  spot(output: SettledOutput): Confirm | null;
};
