// The explanations a page shows, per terminal: newest first, one per mistake, a few at most; pure, so it is tested without React.
import type { Explanation } from '../../core/protocol';

/** At most this many explanations are kept per terminal (older ones drop off). */
export const MAX_PER_TERMINAL = 3;

export type ExplanationList = readonly Explanation[];

/** Adds `e`, replacing an older explanation of the same mistake in the same terminal. */
export function addExplanation(list: ExplanationList, e: Explanation): ExplanationList {
  const others = list.filter((x) => !(x.terminal === e.terminal && x.id === e.id));
  const mine = others.filter((x) => x.terminal === e.terminal);
  const drop = new Set(mine.slice(MAX_PER_TERMINAL - 1));
  return [e, ...others.filter((x) => !drop.has(x))];
}

export function dismissExplanation(list: ExplanationList, e: Pick<Explanation, 'terminal' | 'id'>): ExplanationList {
  return list.filter((x) => !(x.terminal === e.terminal && x.id === e.id));
}

export const explanationsFor = (list: ExplanationList, terminal: string): Explanation[] => list.filter((x) => x.terminal === terminal);
