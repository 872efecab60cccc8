// ProgressStore on PostgreSQL (a pool shared by the node), the same behaviour as SQLite's: every write in one transaction, a failed write logged, never fatal.
import type pg from 'pg';
import type { Logger } from '../../log';
import type { LessonSummary, PredictionRecord, ProgressStore, RoomRecords, SavedStep, TimeSpent, VerdictRecord } from '../progress-store';

type PredictionRow = { step: string; answer: string; correct: boolean; at: number; afterRun: boolean };

const TOUCH_LEARNER = 'INSERT INTO learners (id, created_at, last_seen_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at';
const INSERT_RESULT = 'INSERT INTO step_results (learner, lesson, step, at, passed, reason, automatic) VALUES ($1, $2, $3, $4, $5, $6, $7)';
const INSERT_PASS = 'INSERT INTO step_passed (learner, lesson, step, passed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING';
const ADD_SECONDS =
  'INSERT INTO lesson_time (learner, lesson, seconds_spent) VALUES ($1, $2, $3) ON CONFLICT (learner, lesson) DO UPDATE SET seconds_spent = lesson_time.seconds_spent + excluded.seconds_spent';
const LAST_VERDICTS = 'SELECT step, passed, reason FROM step_results WHERE id IN (SELECT MAX(id) FROM step_results WHERE learner = $1 AND lesson = $2 GROUP BY step)';
const PASSES = 'SELECT step, passed_at FROM step_passed WHERE learner = $1 AND lesson = $2';
const ALL_PASSES = 'SELECT lesson, step FROM step_passed WHERE learner = $1 ORDER BY passed_at';
const TIMES = 'SELECT lesson, seconds_spent FROM lesson_time WHERE learner = $1';
const RESULTS = 'SELECT step, at, passed, reason, automatic FROM step_results WHERE learner = $1 AND lesson = $2 ORDER BY id';
const SET_NAME =
  'INSERT INTO learners (id, created_at, last_seen_at, display_name) VALUES ($1, $2, $2, $3) ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, display_name = excluded.display_name';
const GET_NAME = 'SELECT display_name FROM learners WHERE id = $1';
const INSERT_PREDICTION = 'INSERT INTO predictions (learner, lesson, step, answer, correct, at, after_run) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING';
const GET_PREDICTION = 'SELECT step, answer, correct, at, after_run AS "afterRun" FROM predictions WHERE learner = $1 AND lesson = $2 AND step = $3';
const LESSON_PREDICTIONS = 'SELECT step, answer, correct, at, after_run AS "afterRun" FROM predictions WHERE learner = $1 AND lesson = $2 ORDER BY at, step';
/** The room's names and answers in one statement (answer columns null for a learner who gave none). */
const ROOM = `SELECT l.id AS learner, l.display_name, p.lesson, p.step, p.answer, p.correct, p.at, p.after_run
  FROM learners l LEFT JOIN predictions p ON p.learner = l.id AND p.lesson = ANY($1::text[])
  WHERE l.id = ANY($2::text[]) ORDER BY p.at, p.step`;
type RoomRow = {
  learner: string;
  display_name: string | null;
  lesson: string | null;
  step: string | null;
  answer: string | null;
  correct: boolean | null;
  at: number | null;
  after_run: boolean | null;
};
const RESET_TABLES = ['step_results', 'step_passed', 'lesson_time', 'predictions'] as const;

export class PostgresProgressStore implements ProgressStore {
  private disposing: Promise<void> | null = null;
  /**
   * Each learner's writes, run one after another in the order they were asked for (as SQLite, being synchronous,
   * does): two verdicts of one step on two pooled connections could otherwise commit in the wrong order.
   */
  private readonly queues = new Map<string, Promise<boolean>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  lessonProgress(learner: string, lesson: string): Promise<SavedStep[]> {
    return this.read('lesson progress', [], async (db) => {
      const steps = new Map<string, SavedStep>();
      const verdicts = await db.query<{ step: string; passed: boolean; reason: string }>(LAST_VERDICTS, [learner, lesson]);
      for (const v of verdicts.rows) steps.set(v.step, { step: v.step, passedAt: null, verdict: { passed: v.passed, reason: v.reason } });
      const passes = await db.query<{ step: string; passed_at: number }>(PASSES, [learner, lesson]);
      for (const p of passes.rows) steps.set(p.step, { step: p.step, verdict: steps.get(p.step)?.verdict ?? null, passedAt: p.passed_at });
      return [...steps.values()];
    });
  }

  async recordVerdict(r: VerdictRecord): Promise<void> {
    await this.write('a check verdict', r.learner, async (db) => {
      await db.query(TOUCH_LEARNER, [r.learner, r.at]);
      await db.query(INSERT_RESULT, [r.learner, r.lesson, r.step, r.at, r.passed, r.reason, r.automatic]);
      if (r.passed) await db.query(INSERT_PASS, [r.learner, r.lesson, r.step, r.at]);
    });
  }

  async addTimes(spent: readonly TimeSpent[]): Promise<void> {
    const counted = spent.filter((t) => t.seconds > 0);
    if (counted.length === 0) return;
    // One transaction for the whole tick, as on SQLite.
    await this.write('lesson time', null, async (db) => {
      const now = Date.now();
      for (const { learner, lesson, seconds } of counted) {
        await db.query(TOUCH_LEARNER, [learner, now]);
        await db.query(ADD_SECONDS, [learner, lesson, seconds]);
      }
    });
  }

  summaries(learner: string): Promise<LessonSummary[]> {
    return this.read('progress summaries', [], async (db) => {
      const byLesson = new Map<string, LessonSummary>();
      const of = (lesson: string) => byLesson.get(lesson) ?? byLesson.set(lesson, { lesson, passedSteps: [], secondsSpent: 0 }).get(lesson)!;
      for (const p of (await db.query<{ lesson: string; step: string }>(ALL_PASSES, [learner])).rows) of(p.lesson).passedSteps.push(p.step);
      for (const t of (await db.query<{ lesson: string; seconds_spent: number }>(TIMES, [learner])).rows) of(t.lesson).secondsSpent = t.seconds_spent;
      return [...byLesson.values()];
    });
  }

  history(learner: string, lesson: string): Promise<VerdictRecord[]> {
    return this.read('check history', [], async (db) => {
      const { rows } = await db.query<{ step: string; at: number; passed: boolean; reason: string; automatic: boolean }>(RESULTS, [learner, lesson]);
      return rows.map((r) => ({ learner, lesson, step: r.step, at: r.at, passed: r.passed, reason: r.reason, automatic: r.automatic }));
    });
  }

  resetLesson(learner: string, lesson: string): Promise<boolean> {
    return this.write('a lesson reset', learner, async (db) => {
      for (const table of RESET_TABLES) await db.query(`DELETE FROM ${table} WHERE learner = $1 AND lesson = $2`, [learner, lesson]);
    });
  }

  async savePrediction(p: PredictionRecord): Promise<PredictionRecord | null> {
    let kept: PredictionRow | undefined;
    const saved = await this.write('a prediction', p.learner, async (db) => {
      await db.query(TOUCH_LEARNER, [p.learner, p.at]);
      await db.query(INSERT_PREDICTION, [p.learner, p.lesson, p.step, p.answer, p.correct, p.at, p.afterRun]);
      kept = (await db.query<PredictionRow>(GET_PREDICTION, [p.learner, p.lesson, p.step])).rows[0];
    });
    return saved && kept ? { learner: p.learner, lesson: p.lesson, ...kept } : null;
  }

  predictions(learner: string, lesson: string): Promise<PredictionRecord[]> {
    return this.read('predictions', [], async (db) => (await db.query<PredictionRow>(LESSON_PREDICTIONS, [learner, lesson])).rows.map((r) => ({ learner, lesson, ...r })));
  }

  room(learners: readonly string[], lessons: readonly string[]): Promise<RoomRecords> {
    const empty = (): RoomRecords => ({ names: new Map(), predictions: [] });
    if (learners.length === 0) return Promise.resolve(empty());
    return this.read('the room', empty(), async (db) => {
      const records = empty();
      for (const r of (await db.query<RoomRow>(ROOM, [lessons, learners])).rows) {
        if (r.display_name !== null) records.names.set(r.learner, r.display_name);
        if (r.lesson !== null && r.step !== null && r.answer !== null && r.correct !== null && r.at !== null && r.after_run !== null) {
          records.predictions.push({ learner: r.learner, lesson: r.lesson, step: r.step, answer: r.answer, correct: r.correct, at: r.at, afterRun: r.after_run });
        }
      }
      return records;
    });
  }

  displayName(learner: string): Promise<string | null> {
    return this.read('a display name', null, async (db) => (await db.query<{ display_name: string | null }>(GET_NAME, [learner])).rows[0]?.display_name ?? null);
  }

  rename(learner: string, displayName: string): Promise<boolean> {
    return this.write('a display name', learner, async (db) => void (await db.query(SET_NAME, [learner, Date.now(), displayName])));
  }

  /** Closes the pool once the writes already asked for are done; safe to call twice. */
  dispose(): Promise<void> {
    return (this.disposing ??= (async () => {
      await Promise.all(this.queues.values());
      await this.pool.end().catch((e: unknown) => this.log.error('could not close the PostgreSQL pool', e));
    })());
  }

  /** Runs a write after the learner's earlier ones (lesson time adds up in any order: `learner` null, not queued). */
  private write(what: string, learner: string | null, body: (db: pg.PoolClient) => Promise<void>): Promise<boolean> {
    if (this.disposing) return Promise.resolve(false);
    if (learner === null) return this.transaction(what, body);
    const run = (this.queues.get(learner) ?? Promise.resolve(true)).then(() => this.transaction(what, body));
    this.queues.set(learner, run);
    void run.then(() => {
      if (this.queues.get(learner) === run) this.queues.delete(learner);
    });
    return run;
  }

  // Progress is worth keeping, not worth ending a learner's session over: a failed write (server gone) is logged and dropped.
  private async transaction(what: string, body: (db: pg.PoolClient) => Promise<void>): Promise<boolean> {
    let db: pg.PoolClient;
    try {
      db = await this.pool.connect();
    } catch (e) {
      this.log.error(`could not save ${what}`, e);
      return false;
    }
    try {
      await db.query('BEGIN');
      await body(db);
      await db.query('COMMIT');
      db.release();
      return true;
    } catch (e) {
      const rolledBack = await db.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      // A connection that cannot even roll back is broken: destroyed, not given back to the pool.
      db.release(!rolledBack);
      this.log.error(`could not save ${what}`, e);
      return false;
    }
  }

  private async read<T>(what: string, fallback: T, body: (db: pg.Pool) => Promise<T>): Promise<T> {
    if (this.disposing) return fallback;
    try {
      return await body(this.pool);
    } catch (e) {
      this.log.error(`could not read ${what}`, e);
      return fallback;
    }
  }
}
