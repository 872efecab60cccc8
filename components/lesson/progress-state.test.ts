// Unit tests for merging the server's progress snapshots and deriving what the lesson page shows.
import { describe, expect, it } from 'vitest';
import type { LessonProgress, StepProgress } from '../../core/protocol';
import { LESSON_COMPLETE_ID, mergeProgress, newlyPassed, nextTarget, summarize } from './progress-state';

const step = (id: string, passed = false, reason = ''): StepProgress => ({
  id,
  state: passed ? 'passed' : 'todo',
  verdict: reason ? { passed, reason } : null,
  passedAt: passed ? 1 : null,
});
const progress = (sessionId: string, ...steps: StepProgress[]): LessonProgress => ({
  sessionId,
  steps,
  current: steps.find((s) => s.state !== 'passed')?.id ?? null,
});

describe('lesson progress', () => {
  const start = progress('s1', step('a'), step('b'), step('c'));
  const oneDone = progress('s1', step('a', true, 'ok'), step('b'), step('c'));

  it('takes a newer snapshot of the same session', () => {
    expect(mergeProgress(start, oneDone)).toEqual(oneDone);
  });

  it('ignores snapshots of another session, and anything before a session opened', () => {
    expect(mergeProgress(start, progress('old', step('a', true), step('b'), step('c')))).toBe(start);
    expect(mergeProgress(null, oneDone)).toBeNull();
  });

  it('keeps a passed step passed when an older snapshot arrives late, but shows its latest verdict', () => {
    const late = progress('s1', step('a', false, 'not yet'), step('b'), step('c'));
    const merged = mergeProgress(oneDone, late)!;
    expect(merged.steps[0]).toMatchObject({ state: 'passed', passedAt: 1, verdict: { passed: false, reason: 'not yet' } });
    expect(merged.current).toBe('b');
  });

  it('summarizes in lesson order, before and after the session opened', () => {
    expect(summarize(null, ['a', 'b', 'c'])).toEqual({ passed: 0, total: 3, current: 'a', complete: false });
    expect(summarize(oneDone, ['a', 'b', 'c'])).toEqual({ passed: 1, total: 3, current: 'b', complete: false });
    const all = progress('s1', step('a', true), step('b', true), step('c', true));
    expect(summarize(all, ['a', 'b', 'c'])).toEqual({ passed: 3, total: 3, current: null, complete: true });
  });

  it('tells which steps just passed', () => {
    expect(newlyPassed(start, oneDone)).toEqual(['a']);
    expect(newlyPassed(oneDone, oneDone)).toEqual([]);
    expect(newlyPassed(null, oneDone)).toEqual([]);
  });

  it('leads "Next step" to the next step in order, after the last to the completion panel or back to a step not done', () => {
    const ids = ['a', 'b', 'c'];
    expect(nextTarget(ids, 'a', summarize(oneDone, ids))).toEqual({ id: 'b', number: 2 });
    // A step passed out of order still leads to the one after it, not to the first one left.
    const aAndC = progress('s1', step('a', true), step('b'), step('c', true));
    expect(nextTarget(ids, 'a', summarize(aAndC, ids))).toEqual({ id: 'b', number: 2 });
    expect(nextTarget(ids, 'c', summarize(aAndC, ids))).toEqual({ id: 'b', number: 2 });
    const all = progress('s1', step('a', true), step('b', true), step('c', true));
    expect(nextTarget(ids, 'c', summarize(all, ids))).toEqual({ id: LESSON_COMPLETE_ID, number: null });
  });
});
