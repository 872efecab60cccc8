// The room at a glance, as pure functions: each learner's state, the order (stuck first), the filter, the per-step histogram, folded failures.
import type { FailedCheck, WorkshopLearner, WorkshopLesson, WorkshopSession } from '../../core/protocol';

/** `idle`: online with no lesson open yet; `offline`: no page of theirs is connected, whatever their lesson says. */
export const LEARNER_STATES = ['stuck', 'working', 'idle', 'done', 'offline'] as const;
export type LearnerState = (typeof LEARNER_STATES)[number];

export const STATE_LABEL: Record<LearnerState, string> = { stuck: 'Stuck', working: 'Working', idle: 'No lesson yet', done: 'Done', offline: 'Offline' };

/** `step`: a 1-based step number, or `done` for a finished lesson; it applies only with a lesson chosen. `node`: the lab node holding the learner's session. */
export type RoomFilter = { lesson: string | null; step: number | 'done' | null; state: LearnerState | null; node: string | null };
export const NO_FILTER: RoomFilter = { lesson: null, step: null, state: null, node: null };

/** The session the dashboard shows for a learner: their session of the chosen lesson, else their most recent. */
export function focusSession(learner: WorkshopLearner, lesson: string | null): WorkshopSession | null {
  if (lesson === null) return learner.sessions[0] ?? null;
  return learner.sessions.find((s) => s.lesson === lesson) ?? null;
}

export function learnerState(learner: WorkshopLearner, lesson: string | null = null): LearnerState {
  if (!learner.online) return 'offline';
  const session = focusSession(learner, lesson);
  if (session === null) return 'idle';
  if (session.stepId === null) return 'done';
  return session.stuck.length > 0 ? 'stuck' : 'working';
}

const progressOf = (s: WorkshopSession | null): number => (s ? s.passedCount / Math.max(1, s.stepCount) : 0);

/**
 * Stuck learners first (longest on their step first), then those working (least progress
 * first, then the longest quiet), then those with no lesson yet, then the finished, then
 * the offline; names break ties, so the order does not shuffle between pushes.
 */
export function orderRoom(learners: readonly WorkshopLearner[], lesson: string | null = null): WorkshopLearner[] {
  const keyed = learners.map((l) => ({ l, state: LEARNER_STATES.indexOf(learnerState(l, lesson)), s: focusSession(l, lesson) }));
  keyed.sort((a, b) => {
    if (a.state !== b.state) return a.state - b.state;
    if (a.s && b.s) {
      if (a.state === 0 && a.s.stepStartedAt !== b.s.stepStartedAt) return a.s.stepStartedAt - b.s.stepStartedAt;
      if (a.state === 1) {
        const progress = progressOf(a.s) - progressOf(b.s);
        if (progress !== 0) return progress;
        if (a.s.lastActivityAt !== b.s.lastActivityAt) return a.s.lastActivityAt - b.s.lastActivityAt;
      }
    }
    return a.l.name.localeCompare(b.l.name) || a.l.learnerId.localeCompare(b.l.learnerId);
  });
  return keyed.map((k) => k.l);
}

export function filterRoom(learners: readonly WorkshopLearner[], filter: RoomFilter): WorkshopLearner[] {
  return learners.filter((l) => {
    const session = focusSession(l, filter.lesson);
    if (filter.lesson !== null && session === null) return false;
    if (filter.lesson !== null && filter.step !== null) {
      if (filter.step === 'done' ? session?.stepId !== null : session?.stepId === null || session?.stepNumber !== filter.step) return false;
    }
    if (filter.node !== null && session?.node !== filter.node) return false;
    return filter.state === null || learnerState(l, filter.lesson) === filter.state;
  });
}

/**
 * The lab nodes holding the room's sessions, sorted; empty unless there are two or more, so a lab of one node
 * (whose sessions may name it or not) shows no node column, card line or filter at all.
 */
export function roomNodes(learners: readonly WorkshopLearner[]): string[] {
  const nodes = new Set<string>();
  for (const l of learners) for (const s of l.sessions) if (s.node !== undefined) nodes.add(s.node);
  return nodes.size > 1 ? [...nodes].sort() : [];
}

export type HistogramBar = { step: number | 'done'; title: string; count: number; stuck: number };

/** Where the room is in `lesson`: learners per step (by their session of it), then those who finished it. */
export function stepHistogram(learners: readonly WorkshopLearner[], lesson: WorkshopLesson): HistogramBar[] {
  const bars: HistogramBar[] = lesson.steps.map((s, i) => ({ step: i + 1, title: s.title, count: 0, stuck: 0 }));
  const done: HistogramBar = { step: 'done', title: 'Finished', count: 0, stuck: 0 };
  for (const l of learners) {
    const session = focusSession(l, lesson.slug);
    if (!session) continue;
    const bar = session.stepId === null ? done : bars[session.stepNumber - 1];
    if (!bar) continue;
    bar.count += 1;
    if (learnerState(l, lesson.slug) === 'stuck') bar.stuck += 1;
  }
  return [...bars, done];
}

/** The lesson most learners have open (the histogram's default), or null in an empty room. */
export function busiestLesson(learners: readonly WorkshopLearner[]): string | null {
  const counts = new Map<string, number>();
  for (const l of learners) for (const s of l.sessions) counts.set(s.lesson, (counts.get(s.lesson) ?? 0) + 1);
  let best: string | null = null;
  for (const [slug, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best) && slug < best)) best = slug;
  return best;
}

export type FoldedFailure = FailedCheck & { count: number };

/** The same failed check (same step, same reason) once, with how often it came; most recent first. */
export function foldFailures(failures: readonly FailedCheck[]): FoldedFailure[] {
  const folded = new Map<string, FoldedFailure>();
  for (const f of failures) {
    const key = `${f.stepId}\u0000${f.reason}`;
    const seen = folded.get(key);
    if (seen) seen.count += 1;
    else folded.set(key, { ...f, count: 1 });
  }
  return [...folded.values()];
}

/** A reason's text split at backticks: odd pieces are inline code (an unmatched backtick is kept as text). */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) {
    const last = parts.pop()!;
    parts[parts.length - 1] += `\`${last}`;
  }
  return parts.map((t, i) => ({ text: t, code: i % 2 === 1 })).filter((p) => p.text !== '');
}
