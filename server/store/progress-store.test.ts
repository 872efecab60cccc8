// The progress store, the same suite on SQLite (in memory) and on PostgreSQL (a throwaway cluster): verdicts and first passes, time, summaries, history, predictions, reset, names.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../test/support/store-backends';
import type { ProgressStore } from './progress-store';

describe.each(STORE_BACKENDS)('the progress store on $name', (backend) => {
  // Skipped with its reason in the name, so a machine without PostgreSQL says what it did not test.
  describe.skipIf(backend.missing !== null)(backend.missing ? `skipped: ${backend.missing}` : 'behaves as the lab expects', () => {
    let store: ProgressStore;
    beforeAll(() => backend.setUp());
    afterAll(() => backend.tearDown());
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => store.dispose());

    const verdict = (step: string, at: number, passed: boolean, lesson = 'uts') =>
      store.recordVerdict({ learner: 'ada', lesson, step, at, passed, reason: passed ? 'well done' : `not yet ${at}`, automatic: passed });

    it('keeps the first pass of a step and its last verdict', async () => {
      await verdict('one', 1, false);
      await verdict('one', 2, true);
      await verdict('one', 3, false);
      await verdict('two', 4, false);
      const steps = (await store.lessonProgress('ada', 'uts')).sort((a, b) => a.step.localeCompare(b.step));
      expect(steps).toEqual([
        { step: 'one', passedAt: 2, verdict: { passed: false, reason: 'not yet 3' } },
        { step: 'two', passedAt: null, verdict: { passed: false, reason: 'not yet 4' } },
      ]);
      expect(await store.lessonProgress('someone-else', 'uts')).toEqual([]);
    });

    it('keeps a learner’s writes in the order they were asked for, even when nobody waits for them', async () => {
      // The session records verdicts without waiting: the last one asked for must be the last verdict kept.
      const writes = Array.from({ length: 20 }, (_, i) => verdict('one', 100 - i, i % 2 === 1));
      void store.resetLesson('ada', 'pid');
      writes.push(verdict('one', 50, false));
      await Promise.all(writes);
      expect(await store.lessonProgress('ada', 'uts')).toEqual([{ step: 'one', passedAt: 99, verdict: { passed: false, reason: 'not yet 50' } }]);
      expect((await store.history('ada', 'uts')).map((v) => v.at)).toEqual([...Array.from({ length: 20 }, (_, i) => 100 - i), 50]);
    });

    it('records every verdict in the history, with its time, reason and kind', async () => {
      await verdict('one', 1, false);
      await verdict('one', 2, true);
      expect(await store.history('ada', 'uts')).toEqual([
        { learner: 'ada', lesson: 'uts', step: 'one', at: 1, passed: false, reason: 'not yet 1', automatic: false },
        { learner: 'ada', lesson: 'uts', step: 'one', at: 2, passed: true, reason: 'well done', automatic: true },
      ]);
    });

    it('keeps times in milliseconds since the epoch exactly', async () => {
      const at = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
      await verdict('one', at, true);
      expect((await store.history('ada', 'uts'))[0]?.at).toBe(at);
      expect((await store.lessonProgress('ada', 'uts'))[0]?.passedAt).toBe(at);
    });

    it('adds up time and summarizes every lesson touched', async () => {
      await verdict('one', 1, true);
      await verdict('a', 2, true, 'pid');
      await store.addTimes([{ learner: 'ada', lesson: 'uts', seconds: 10 }]);
      await store.addTimes([
        { learner: 'ada', lesson: 'uts', seconds: 2.5 },
        { learner: 'ada', lesson: 'net', seconds: 0 },
      ]);
      expect((await store.summaries('ada')).sort((a, b) => a.lesson.localeCompare(b.lesson))).toEqual([
        { lesson: 'pid', passedSteps: ['a'], secondsSpent: 0 },
        { lesson: 'uts', passedSteps: ['one'], secondsSpent: 12.5 },
      ]);
    });

    it('resets one lesson only', async () => {
      await verdict('one', 1, true);
      await verdict('a', 2, true, 'pid');
      await store.addTimes([{ learner: 'ada', lesson: 'uts', seconds: 10 }]);
      expect(await store.resetLesson('ada', 'uts')).toBe(true);
      expect(await store.lessonProgress('ada', 'uts')).toEqual([]);
      expect(await store.history('ada', 'uts')).toEqual([]);
      expect(await store.summaries('ada')).toEqual([{ lesson: 'pid', passedSteps: ['a'], secondsSpent: 0 }]);
    });

    it('keeps the first answer to a prediction, per learner and lesson, and forgets it on reset', async () => {
      const answer = (learner: string, step: string, text: string, at: number, lesson = 'pid') =>
        store.savePrediction({ learner, lesson, step, answer: text, correct: text === '1', at, afterRun: false });
      expect(await answer('ada', 'inside', 'the same as outside', 10)).toEqual({
        learner: 'ada',
        lesson: 'pid',
        step: 'inside',
        answer: 'the same as outside',
        correct: false,
        at: 10,
        afterRun: false,
      });
      // A second answer to the same step does not replace the first: the reply says which one is kept.
      expect(await answer('ada', 'inside', '1', 11)).toMatchObject({ answer: 'the same as outside', correct: false, at: 10 });
      await answer('ada', 'fork', '1', 12);
      await answer('bob', 'inside', '1', 13);
      await answer('ada', 'other', '1', 14, 'uts');
      expect((await store.predictions('ada', 'pid')).map((p) => [p.step, p.answer, p.correct])).toEqual([
        ['inside', 'the same as outside', false],
        ['fork', '1', true],
      ]);
      expect(await store.predictions('bob', 'pid')).toHaveLength(1);
      expect(await store.resetLesson('ada', 'pid')).toBe(true);
      expect(await store.predictions('ada', 'pid')).toEqual([]);
      expect(await store.predictions('ada', 'uts')).toHaveLength(1);
      expect(await store.predictions('bob', 'pid')).toHaveLength(1);
    });

    it('keeps whether an answer came after the learner ran the command, and the first answer keeps its own', async () => {
      const answer = (step: string, text: string, at: number, afterRun: boolean) => store.savePrediction({ learner: 'ada', lesson: 'pid', step, answer: text, correct: false, at, afterRun });
      expect(await answer('inside', '7', 10, true)).toMatchObject({ answer: '7', afterRun: true });
      expect(await answer('fork', '8', 11, false)).toMatchObject({ answer: '8', afterRun: false });
      // A later answer changes neither the answer kept nor when it was given.
      expect(await answer('inside', '1', 12, false)).toMatchObject({ answer: '7', afterRun: true });
      expect((await store.predictions('ada', 'pid')).map((p) => [p.step, p.afterRun])).toEqual([
        ['inside', true],
        ['fork', false],
      ]);
      expect((await store.room(['ada'], ['pid'])).predictions.map((p) => [p.step, p.afterRun])).toEqual([
        ['inside', true],
        ['fork', false],
      ]);
    });

    it('reads a room’s names and its answers to the lessons asked about in one go', async () => {
      const answer = (learner: string, lesson: string, step: string, at: number) =>
        store.savePrediction({ learner, lesson, step, answer: `${learner}-${step}`, correct: at % 2 === 0, at, afterRun: false });
      await store.rename('ada', 'Ada');
      await store.rename('eve', 'Eve');
      await answer('ada', 'pid', 'fork', 12);
      await answer('ada', 'pid', 'inside', 11);
      await answer('ada', 'uts', 'hostname', 13);
      await answer('bob', 'pid', 'inside', 14);
      await answer('eve', 'pid', 'inside', 15);
      const room = await store.room(['ada', 'bob', 'cyd'], ['pid', 'net']);
      // Eve is not in the room; cyd never wrote anything; bob has no name.
      expect([...room.names]).toEqual([['ada', 'Ada']]);
      expect(room.predictions).toEqual([
        { learner: 'ada', lesson: 'pid', step: 'inside', answer: 'ada-inside', correct: false, at: 11, afterRun: false },
        { learner: 'ada', lesson: 'pid', step: 'fork', answer: 'ada-fork', correct: true, at: 12, afterRun: false },
        { learner: 'bob', lesson: 'pid', step: 'inside', answer: 'bob-inside', correct: true, at: 14, afterRun: false },
      ]);
      expect(await store.room([], ['pid'])).toEqual({ names: new Map(), predictions: [] });
      expect((await store.room(['ada'], [])).predictions).toEqual([]);
    });

    it('keeps a display name per learner', async () => {
      expect(await store.displayName('ada')).toBeNull();
      expect(await store.rename('ada', 'Ada L.')).toBe(true);
      expect(await store.displayName('ada')).toBe('Ada L.');
      expect(await store.rename('ada', 'Ada')).toBe(true);
      expect(await store.displayName('ada')).toBe('Ada');
    });

    it('finishes the writes asked for before it closes, is safe to dispose twice, and does nothing after', async () => {
      const pending = store.rename('ada', 'Ada');
      const disposed = store.dispose();
      expect(await pending).toBe(true);
      await Promise.all([disposed, store.dispose()]);
      expect(await store.displayName('ada')).toBeNull();
      expect(await store.rename('ada', 'x')).toBe(false);
      expect(await store.savePrediction({ learner: 'ada', lesson: 'pid', step: 'a', answer: '1', correct: true, at: 1, afterRun: false })).toBeNull();
      expect(await store.predictions('ada', 'pid')).toEqual([]);
      expect(await store.room(['ada'], ['pid'])).toEqual({ names: new Map(), predictions: [] });
    });
  });
});
