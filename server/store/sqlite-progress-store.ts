// ProgressStore on SQLite: prepared statements, every write in one transaction; a failed write is logged, never fatal. The work is synchronous (better-sqlite3); the methods are async only to share the interface with PostgreSQL.
import type Database from 'better-sqlite3';
import type { Logger } from '../log';
import type { LessonSummary, PredictionRecord, ProgressStore, RoomRecords, SavedStep, TimeSpent, VerdictRecord } from './progress-store';

type ResultRow = { step: string; at: number; passed: number; reason: string; automatic: number };
type PredictionRow = { step: string; answer: string; correct: number; at: number; after_run: number };
/** A learner of the room with one of their answers (the answer's columns null when they gave none). */
type RoomRow = {
  learner: string;
  display_name: string | null;
  lesson: string | null;
  step: string | null;
  answer: string | null;
  correct: number | null;
  at: number | null;
  after_run: number | null;
};

/** The room's names and answers in one statement; the two lists arrive as JSON arrays (SQLite has no array parameters). */
const ROOM = `SELECT l.id AS learner, l.display_name, p.lesson, p.step, p.answer, p.correct, p.at, p.after_run
  FROM learners l LEFT JOIN predictions p ON p.learner = l.id AND p.lesson IN (SELECT value FROM json_each(?))
  WHERE l.id IN (SELECT value FROM json_each(?)) ORDER BY p.at, p.step`;

export class SqliteProgressStore implements ProgressStore {
  private readonly touchLearner;
  private readonly insertResult;
  private readonly insertPass;
  private readonly addSeconds;
  private readonly lastVerdicts;
  private readonly passes;
  private readonly allPasses;
  private readonly times;
  private readonly results;
  private readonly setName;
  private readonly getName;
  private readonly insertPrediction;
  private readonly getPrediction;
  private readonly lessonPredictions;
  private readonly roomRows;
  private disposed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly log: Logger,
  ) {
    this.touchLearner = db.prepare<[string, number, number]>(
      'INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at',
    );
    this.insertResult = db.prepare<[string, string, string, number, number, string, number]>(
      'INSERT INTO step_results (learner, lesson, step, at, passed, reason, automatic) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertPass = db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO step_passed (learner, lesson, step, passed_at) VALUES (?, ?, ?, ?)');
    this.addSeconds = db.prepare<[string, string, number]>(
      'INSERT INTO lesson_time (learner, lesson, seconds_spent) VALUES (?, ?, ?) ON CONFLICT (learner, lesson) DO UPDATE SET seconds_spent = seconds_spent + excluded.seconds_spent',
    );
    this.lastVerdicts = db.prepare<[string, string], { step: string; passed: number; reason: string }>(
      'SELECT step, passed, reason FROM step_results WHERE id IN (SELECT MAX(id) FROM step_results WHERE learner = ? AND lesson = ? GROUP BY step)',
    );
    this.passes = db.prepare<[string, string], { step: string; passed_at: number }>('SELECT step, passed_at FROM step_passed WHERE learner = ? AND lesson = ?');
    this.allPasses = db.prepare<[string], { lesson: string; step: string }>('SELECT lesson, step FROM step_passed WHERE learner = ? ORDER BY passed_at');
    this.times = db.prepare<[string], { lesson: string; seconds_spent: number }>('SELECT lesson, seconds_spent FROM lesson_time WHERE learner = ?');
    this.results = db.prepare<[string, string], ResultRow>('SELECT step, at, passed, reason, automatic FROM step_results WHERE learner = ? AND lesson = ? ORDER BY id');
    this.setName = db.prepare<[string, number, number, string]>(
      'INSERT INTO learners (id, created_at, last_seen_at, display_name) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, display_name = excluded.display_name',
    );
    this.getName = db.prepare<[string], { display_name: string | null }>('SELECT display_name FROM learners WHERE id = ?');
    this.insertPrediction = db.prepare<[string, string, string, string, number, number, number]>(
      'INSERT OR IGNORE INTO predictions (learner, lesson, step, answer, correct, at, after_run) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.getPrediction = db.prepare<[string, string, string], PredictionRow>('SELECT step, answer, correct, at, after_run FROM predictions WHERE learner = ? AND lesson = ? AND step = ?');
    this.lessonPredictions = db.prepare<[string, string], PredictionRow>('SELECT step, answer, correct, at, after_run FROM predictions WHERE learner = ? AND lesson = ? ORDER BY at, step');
    this.roomRows = db.prepare<[string, string], RoomRow>(ROOM);
  }

  async lessonProgress(learner: string, lesson: string): Promise<SavedStep[]> {
    return this.read('lesson progress', [], () => {
      const steps = new Map<string, SavedStep>();
      for (const v of this.lastVerdicts.all(learner, lesson)) {
        steps.set(v.step, { step: v.step, passedAt: null, verdict: { passed: v.passed === 1, reason: v.reason } });
      }
      for (const p of this.passes.all(learner, lesson)) {
        steps.set(p.step, { step: p.step, verdict: steps.get(p.step)?.verdict ?? null, passedAt: p.passed_at });
      }
      return [...steps.values()];
    });
  }

  async recordVerdict(r: VerdictRecord): Promise<void> {
    this.write('a check verdict', () => {
      this.touchLearner.run(r.learner, r.at, r.at);
      this.insertResult.run(r.learner, r.lesson, r.step, r.at, r.passed ? 1 : 0, r.reason, r.automatic ? 1 : 0);
      if (r.passed) this.insertPass.run(r.learner, r.lesson, r.step, r.at);
    });
  }

  async addTimes(spent: readonly TimeSpent[]): Promise<void> {
    const counted = spent.filter((t) => t.seconds > 0);
    if (counted.length === 0) return;
    // One transaction for the whole tick: 200 sessions as 200 transactions held the event loop for milliseconds.
    this.write('lesson time', () => {
      const now = Date.now();
      for (const { learner, lesson, seconds } of counted) {
        this.touchLearner.run(learner, now, now);
        this.addSeconds.run(learner, lesson, seconds);
      }
    });
  }

  async summaries(learner: string): Promise<LessonSummary[]> {
    return this.read('progress summaries', [], () => {
      const byLesson = new Map<string, LessonSummary>();
      const of = (lesson: string) => byLesson.get(lesson) ?? byLesson.set(lesson, { lesson, passedSteps: [], secondsSpent: 0 }).get(lesson)!;
      for (const p of this.allPasses.all(learner)) of(p.lesson).passedSteps.push(p.step);
      for (const t of this.times.all(learner)) of(t.lesson).secondsSpent = t.seconds_spent;
      return [...byLesson.values()];
    });
  }

  async history(learner: string, lesson: string): Promise<VerdictRecord[]> {
    return this.read('check history', [], () =>
      this.results.all(learner, lesson).map((r) => ({ learner, lesson, step: r.step, at: r.at, passed: r.passed === 1, reason: r.reason, automatic: r.automatic === 1 })),
    );
  }

  async resetLesson(learner: string, lesson: string): Promise<boolean> {
    return this.write('a lesson reset', () => {
      for (const table of ['step_results', 'step_passed', 'lesson_time', 'predictions']) {
        this.db.prepare(`DELETE FROM ${table} WHERE learner = ? AND lesson = ?`).run(learner, lesson);
      }
    });
  }

  async savePrediction(p: PredictionRecord): Promise<PredictionRecord | null> {
    let kept: PredictionRow | undefined;
    const saved = this.write('a prediction', () => {
      this.touchLearner.run(p.learner, p.at, p.at);
      this.insertPrediction.run(p.learner, p.lesson, p.step, p.answer, p.correct ? 1 : 0, p.at, p.afterRun ? 1 : 0);
      kept = this.getPrediction.get(p.learner, p.lesson, p.step);
    });
    return saved && kept ? toPrediction(p.learner, p.lesson, kept) : null;
  }

  async predictions(learner: string, lesson: string): Promise<PredictionRecord[]> {
    return this.read('predictions', [], () => this.lessonPredictions.all(learner, lesson).map((r) => toPrediction(learner, lesson, r)));
  }

  async room(learners: readonly string[], lessons: readonly string[]): Promise<RoomRecords> {
    const records: RoomRecords = { names: new Map(), predictions: [] };
    if (learners.length === 0) return records;
    return this.read('the room', records, () => {
      for (const r of this.roomRows.all(JSON.stringify(lessons), JSON.stringify(learners))) {
        if (r.display_name !== null) records.names.set(r.learner, r.display_name);
        if (r.lesson !== null && r.step !== null && r.answer !== null && r.correct !== null && r.at !== null && r.after_run !== null) {
          records.predictions.push(toPrediction(r.learner, r.lesson, { step: r.step, answer: r.answer, correct: r.correct, at: r.at, after_run: r.after_run }));
        }
      }
      return records;
    });
  }

  async displayName(learner: string): Promise<string | null> {
    return this.read('a display name', null, () => this.getName.get(learner)?.display_name ?? null);
  }

  async rename(learner: string, displayName: string): Promise<boolean> {
    const now = Date.now();
    return this.write('a display name', () => void this.setName.run(learner, now, now, displayName));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.db.close();
  }

  // Progress is worth keeping, not worth ending a learner's session over: a failed write (disk full) is logged and dropped.
  private write(what: string, body: () => void): boolean {
    if (this.disposed) return false;
    try {
      this.db.transaction(body)();
      return true;
    } catch (e) {
      this.log.error(`could not save ${what}`, e);
      return false;
    }
  }

  private read<T>(what: string, fallback: T, body: () => T): T {
    if (this.disposed) return fallback;
    try {
      return body();
    } catch (e) {
      this.log.error(`could not read ${what}`, e);
      return fallback;
    }
  }
}

const toPrediction = (learner: string, lesson: string, r: PredictionRow): PredictionRecord => ({
  learner,
  lesson,
  step: r.step,
  answer: r.answer,
  correct: r.correct === 1,
  at: r.at,
  afterRun: r.after_run === 1,
});
