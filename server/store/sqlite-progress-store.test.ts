// The SQLite progress store: verdicts and first passes, time, summaries, history, predictions, reset and display names (in memory).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { openStore } from './open-store';
import type { ProgressStore } from './progress-store';

describe('SqliteProgressStore', () => {
  let store: ProgressStore;
  beforeEach(() => {
    const opened = openStore(':memory:', createLogger(true));
    if (!opened.ok) throw new Error(opened.error);
    store = opened.value;
  });
  afterEach(() => store.dispose());

  const verdict = (step: string, at: number, passed: boolean, lesson = 'uts') =>
    store.recordVerdict({ learner: 'ada', lesson, step, at, passed, reason: passed ? 'well done' : `not yet ${at}`, automatic: passed });

  it('keeps the first pass of a step and its last verdict', () => {
    verdict('one', 1, false);
    verdict('one', 2, true);
    verdict('one', 3, false);
    verdict('two', 4, false);
    const steps = store.lessonProgress('ada', 'uts').sort((a, b) => a.step.localeCompare(b.step));
    expect(steps).toEqual([
      { step: 'one', passedAt: 2, verdict: { passed: false, reason: 'not yet 3' } },
      { step: 'two', passedAt: null, verdict: { passed: false, reason: 'not yet 4' } },
    ]);
    expect(store.lessonProgress('someone-else', 'uts')).toEqual([]);
  });

  it('records every verdict in the history, with its time, reason and kind', () => {
    verdict('one', 1, false);
    verdict('one', 2, true);
    expect(store.history('ada', 'uts')).toEqual([
      { learner: 'ada', lesson: 'uts', step: 'one', at: 1, passed: false, reason: 'not yet 1', automatic: false },
      { learner: 'ada', lesson: 'uts', step: 'one', at: 2, passed: true, reason: 'well done', automatic: true },
    ]);
  });

  it('adds up time and summarizes every lesson touched', () => {
    verdict('one', 1, true);
    verdict('a', 2, true, 'pid');
    store.addTimes([{ learner: 'ada', lesson: 'uts', seconds: 10 }]);
    store.addTimes([
      { learner: 'ada', lesson: 'uts', seconds: 2.5 },
      { learner: 'ada', lesson: 'net', seconds: 0 },
    ]);
    expect(store.summaries('ada').sort((a, b) => a.lesson.localeCompare(b.lesson))).toEqual([
      { lesson: 'pid', passedSteps: ['a'], secondsSpent: 0 },
      { lesson: 'uts', passedSteps: ['one'], secondsSpent: 12.5 },
    ]);
  });

  it('resets one lesson only', () => {
    verdict('one', 1, true);
    verdict('a', 2, true, 'pid');
    store.addTimes([{ learner: 'ada', lesson: 'uts', seconds: 10 }]);
    expect(store.resetLesson('ada', 'uts')).toBe(true);
    expect(store.lessonProgress('ada', 'uts')).toEqual([]);
    expect(store.history('ada', 'uts')).toEqual([]);
    expect(store.summaries('ada')).toEqual([{ lesson: 'pid', passedSteps: ['a'], secondsSpent: 0 }]);
  });

  it('keeps the first answer to a prediction, per learner and lesson, and forgets it on reset', () => {
    const answer = (learner: string, step: string, text: string, at: number, lesson = 'pid') =>
      store.savePrediction({ learner, lesson, step, answer: text, correct: text === '1', at });
    expect(answer('ada', 'inside', 'the same as outside', 10)).toEqual({ learner: 'ada', lesson: 'pid', step: 'inside', answer: 'the same as outside', correct: false, at: 10 });
    // A second answer to the same step does not replace the first: the reply says which one is kept.
    expect(answer('ada', 'inside', '1', 11)).toMatchObject({ answer: 'the same as outside', correct: false, at: 10 });
    answer('ada', 'fork', '1', 12);
    answer('bob', 'inside', '1', 13);
    answer('ada', 'other', '1', 14, 'uts');
    expect(store.predictions('ada', 'pid').map((p) => [p.step, p.answer, p.correct])).toEqual([
      ['inside', 'the same as outside', false],
      ['fork', '1', true],
    ]);
    expect(store.predictions('bob', 'pid')).toHaveLength(1);
    expect(store.resetLesson('ada', 'pid')).toBe(true);
    expect(store.predictions('ada', 'pid')).toEqual([]);
    expect(store.predictions('ada', 'uts')).toHaveLength(1);
    expect(store.predictions('bob', 'pid')).toHaveLength(1);
  });

  it('keeps a display name per learner', () => {
    expect(store.displayName('ada')).toBeNull();
    expect(store.rename('ada', 'Ada L.')).toBe(true);
    expect(store.displayName('ada')).toBe('Ada L.');
    expect(store.rename('ada', 'Ada')).toBe(true);
    expect(store.displayName('ada')).toBe('Ada');
  });

  it('is safe to dispose twice, and does nothing after', () => {
    store.dispose();
    store.dispose();
    expect(store.displayName('ada')).toBeNull();
    expect(store.rename('ada', 'x')).toBe(false);
    expect(store.savePrediction({ learner: 'ada', lesson: 'pid', step: 'a', answer: '1', correct: true, at: 1 })).toBeNull();
    expect(store.predictions('ada', 'pid')).toEqual([]);
  });
});
