// Pure helpers for the lesson progress the server reports: merging snapshots and telling what changed between two.
import type { LessonProgress } from '../../core/protocol';

/** The completion panel's element id (the last step's "Next step" leads there). */
export const LESSON_COMPLETE_ID = 'lesson-complete';

export type ProgressSummary = {
  passed: number;
  total: number;
  /** The step in focus: the first not passed, or null once all passed. */
  current: string | null;
  complete: boolean;
};

/**
 * Takes a snapshot from the server (a check's reply or a `progress:update` push) into the shown progress.
 * Snapshots of another session are stale (the socket reconnected and opened a new one) and are ignored;
 * a new session's progress comes only from its `session:open` reply. A reply and a push may cross, so a
 * step once shown passed stays passed, as it does on the server (server/sessions/lesson-progress.ts).
 */
export function mergeProgress(prev: LessonProgress | null, next: LessonProgress): LessonProgress | null {
  if (!prev || prev.sessionId !== next.sessionId) return prev;
  const before = new Map(prev.steps.map((s) => [s.id, s]));
  const steps = next.steps.map((s) => {
    const old = before.get(s.id);
    return old?.state === 'passed' && s.state !== 'passed' ? { ...s, state: old.state, passedAt: old.passedAt } : s;
  });
  return { sessionId: next.sessionId, steps, current: steps.find((s) => s.state !== 'passed')?.id ?? null };
}

/** Counts for the lesson's steps (in lesson order); before the session opens, nothing has passed. */
export function summarize(progress: LessonProgress | null, stepIds: readonly string[]): ProgressSummary {
  const passedIds = new Set(progress?.steps.filter((s) => s.state === 'passed').map((s) => s.id));
  const passed = stepIds.filter((id) => passedIds.has(id)).length;
  const current = stepIds.find((id) => !passedIds.has(id)) ?? null;
  return { passed, total: stepIds.length, current, complete: stepIds.length > 0 && current === null };
}

/** Ids of the steps that passed between `prev` and `next` (none across sessions: a new session is a fresh start). */
export function newlyPassed(prev: LessonProgress | null, next: LessonProgress): string[] {
  if (!prev || prev.sessionId !== next.sessionId) return [];
  const was = new Set(prev.steps.filter((s) => s.state === 'passed').map((s) => s.id));
  return next.steps.filter((s) => s.state === 'passed' && !was.has(s.id)).map((s) => s.id);
}

/** Where a passed step's "Next step" control leads: a step (by id and 1-based number) or the completion panel. */
export type NextTarget = { id: string; number: number } | { id: typeof LESSON_COMPLETE_ID; number: null };

/**
 * Where the learner goes from `stepId` when they ask for it: the next step in lesson order; after the
 * last step, the completion panel once every step passed, else back to the first step not passed.
 * The page never goes there by itself, so nobody is scrolled away from text they are still reading.
 */
export function nextTarget(stepIds: readonly string[], stepId: string, summary: ProgressSummary): NextTarget {
  const after = stepIds[stepIds.indexOf(stepId) + 1];
  if (after !== undefined) return { id: after, number: stepIds.indexOf(after) + 1 };
  if (summary.current === null) return { id: LESSON_COMPLETE_ID, number: null };
  return { id: summary.current, number: stepIds.indexOf(summary.current) + 1 };
}
