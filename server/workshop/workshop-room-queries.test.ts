// The instructor's snapshot of a whole room reads the progress store once (names and prediction answers together), on SQLite and on PostgreSQL, counted at the database driver; and what it reads is right.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkshopSession } from '../../core/protocol';
import { STORE_BACKENDS } from '../../test/support/store-backends';
import { getLesson } from '../lessons/load-lessons';
import type { ProgressStore } from '../store/progress-store';
import { Workshop } from './workshop';
import { generateSecrets } from './workshop-access';
import type { LivePart } from './workshop-snapshot';

/** Learners in the room: enough that a query per learner could not pass for one. */
const ROOM_SIZE = 40;

/**
 * Counts statements sent to the database while `body` runs: every pg client's `query` (pooled ones included),
 * every run of a better-sqlite3 statement. The calls go through to the real database.
 */
async function countQueries(body: () => Promise<unknown>): Promise<number> {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'all' | 'get' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  probe.close();
  const spies = [vi.spyOn(pg.Client.prototype, 'query'), ...(['all', 'get', 'run', 'iterate'] as const).map((m) => vi.spyOn(statement, m))];
  try {
    await body();
    return spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const session = (learner: string, lesson: string): WorkshopSession => ({
  sessionId: `s-${learner}-${lesson}`,
  lesson,
  lessonTitle: lesson,
  stepId: null,
  stepTitle: null,
  stepNumber: 1,
  stepCount: 1,
  passedCount: 0,
  stepStartedAt: 0,
  lastActivityAt: 0,
  failures: [],
  stuck: [],
  terminals: [],
});

describe.each(STORE_BACKENDS)('the dashboard’s store reads on $name', (backend) => {
  describe.skipIf(backend.missing !== null)(backend.missing ? `skipped: ${backend.missing}` : 'one query per snapshot', () => {
    let store: ProgressStore;
    beforeAll(() => backend.setUp());
    afterAll(() => backend.tearDown());
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => store.dispose());

    it(`reads the names and answers of a room of ${ROOM_SIZE} learners on two nodes in one query, and tallies them right`, async () => {
      const pid = (await getLesson('pid'))!;
      const uts = (await getLesson('uts'))!;
      const pidStep = pid.steps.find((s) => s.prediction?.choices)!;
      const utsStep = uts.steps.find((s) => s.prediction)!;
      const [right, wrong] = [pidStep.prediction!.answer!, pidStep.prediction!.choices!.find((c) => c !== pidStep.prediction!.answer)!];
      const learners = Array.from({ length: ROOM_SIZE }, (_, i) => `learner-${String(i).padStart(2, '0')}-0000000000`);
      // Even learners have pid open (and gave a name), odd ones uts; in pid, one in four answered wrong, and the rest right.
      for (const [i, learner] of learners.entries()) {
        if (i % 2 === 0) {
          await store.rename(learner, `Learner ${i}`);
          const answer = i % 4 === 0 ? wrong : right;
          await store.savePrediction({ learner, lesson: 'pid', step: pidStep.id, answer, correct: answer === right, at: i, afterRun: false });
        }
      }
      // An answer to a lesson this learner does not have open is not the room's answer to it.
      await store.savePrediction({ learner: learners[1]!, lesson: 'pid', step: pidStep.id, answer: wrong, correct: false, at: 100, afterRun: false });
      const part = (from: number, to: number): LivePart => ({
        learners: learners.slice(from, to).map((learnerId, i) => ({ learnerId, online: true, sessions: [session(learnerId, (from + i) % 2 === 0 ? 'pid' : 'uts')] })),
      });
      const workshop = new Workshop({
        secrets: generateSecrets({ joinCode: 'ROOM-CODE', instructorToken: 'instructor-token-0123' }),
        sessions: () => [],
        lessonOf: getLesson,
        roomOf: (who, lessons) => store.room(who, lessons),
        // This node holds nobody; two other nodes hold half the room each.
        otherNodes: async () => [part(0, ROOM_SIZE / 2), part(ROOM_SIZE / 2, ROOM_SIZE)],
      });

      // The counter sees every statement on this backend: a name per learner, asked one by one, is one each.
      expect(await countQueries(() => Promise.all(learners.slice(0, 3).map((l) => store.displayName(l))))).toBe(3);
      let snapshot!: Awaited<ReturnType<Workshop['snapshot']>>;
      expect(await countQueries(async () => (snapshot = await workshop.snapshot()))).toBe(1);

      expect(snapshot.learners).toHaveLength(ROOM_SIZE);
      const named = snapshot.learners.filter((l) => l.name.startsWith('Learner '));
      expect(named.map((l) => l.learnerId).sort()).toEqual(learners.filter((_, i) => i % 2 === 0));
      const pidTally = snapshot.lessons.find((l) => l.slug === 'pid')!.predictions.find((p) => p.stepId === pidStep.id)!;
      expect(pidTally.answered).toBe(ROOM_SIZE / 2);
      expect(pidTally.answers).toEqual([
        { answer: right, count: ROOM_SIZE / 4, correct: true },
        { answer: wrong, count: ROOM_SIZE / 4, correct: false },
      ]);
      expect(snapshot.lessons.find((l) => l.slug === 'uts')!.predictions.find((p) => p.stepId === utsStep.id)!.answered).toBe(0);
    });

    it('asks nothing of the store for an empty room', async () => {
      const workshop = new Workshop({
        secrets: generateSecrets({ joinCode: 'ROOM-CODE', instructorToken: 'instructor-token-0123' }),
        sessions: () => [],
        lessonOf: getLesson,
        roomOf: (who, lessons) => store.room(who, lessons),
      });
      expect(await countQueries(() => workshop.snapshot())).toBe(0);
    });
  });
});
