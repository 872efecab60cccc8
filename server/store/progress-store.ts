// The learner's progress as the lab remembers it across restarts: the interface the session layer uses (SQLite or PostgreSQL behind it, so every method is async), and a no-op for tests.

/** One step as stored: its first pass and its last verdict. */
export type SavedStep = { step: string; passedAt: number | null; verdict: { passed: boolean; reason: string } | null };

/** One check verdict, as every check (asked for or automatic) is recorded. */
export type VerdictRecord = {
  learner: string;
  lesson: string;
  step: string;
  /** When the check ran (ms since the epoch). */
  at: number;
  passed: boolean;
  reason: string;
  automatic: boolean;
};

/** One lesson the learner has touched: which steps passed and the active time spent in it. */
export type LessonSummary = { lesson: string; passedSteps: string[]; secondsSpent: number };

/** Active time a learner spent in a lesson since it was last counted. */
export type TimeSpent = { learner: string; lesson: string; seconds: number };

/** A learner's answer to one step's prediction. */
export type PredictionRecord = {
  learner: string;
  lesson: string;
  step: string;
  answer: string;
  /** Judged against the lesson when the learner answered. */
  correct: boolean;
  /** When the learner answered (ms since the epoch). */
  at: number;
  /**
   * The learner had already run what the prediction is about when they answered: the answer is kept and shown
   * to them, but it is hindsight, not a prediction, so the room's tally leaves it out.
   */
  afterRun: boolean;
};

/** What the instructor's dashboard reads of the room on each tick, in one query. */
export type RoomRecords = {
  /** Display names, of the learners asked about who gave one. */
  names: Map<string, string>;
  /** Every answer of the learners asked about to the predictions of the lessons asked about, oldest first. */
  predictions: PredictionRecord[];
};

/** Reads answer an empty value and writes answer false (or null) when the database fails: the failure is logged, never thrown. */
export interface ProgressStore {
  /** The steps of one lesson the learner passed or checked (steps never checked are absent). */
  lessonProgress(learner: string, lesson: string): Promise<SavedStep[]>;
  /** Records a verdict; the first pass of a step is also kept as its pass time. */
  recordVerdict(record: VerdictRecord): Promise<void>;
  /** Adds active time spent in lessons (in seconds), all in one write: the lesson clock adds every session's at once. */
  addTimes(spent: readonly TimeSpent[]): Promise<void>;
  /** Every lesson the learner has progress or time in. */
  summaries(learner: string): Promise<LessonSummary[]>;
  /** Every verdict of one lesson, oldest first (the learner's and the instructor's history). */
  history(learner: string, lesson: string): Promise<VerdictRecord[]>;
  /** Forgets the learner's verdicts, passes, predictions and time in one lesson; false when that could not be saved. */
  resetLesson(learner: string, lesson: string): Promise<boolean>;
  /** Keeps the learner's answer to a step's prediction unless the step already has one; returns the answer kept, or null when it could not be saved. */
  savePrediction(record: PredictionRecord): Promise<PredictionRecord | null>;
  /** The learner's answers to the predictions of one lesson, in the order given. */
  predictions(learner: string, lesson: string): Promise<PredictionRecord[]>;
  /**
   * The names of `learners` and their answers to the predictions of `lessons`, in one query however large the
   * room (the dashboard asks on every tick: a query per learner was 200 round trips a second for a hall).
   */
  room(learners: readonly string[], lessons: readonly string[]): Promise<RoomRecords>;
  displayName(learner: string): Promise<string | null>;
  /** False when the name could not be saved. */
  rename(learner: string, displayName: string): Promise<boolean>;
  /** Closes the database once pending writes are done; safe to call twice, and every call after answers as if nothing was stored. */
  dispose(): Promise<void>;
}

/** Remembers nothing: for session tests that do not care about persistence. */
export const NO_PROGRESS_STORE: ProgressStore = {
  lessonProgress: async () => [],
  recordVerdict: async () => {},
  addTimes: async () => {},
  summaries: async () => [],
  history: async () => [],
  resetLesson: async () => true,
  savePrediction: async (record) => record,
  predictions: async () => [],
  room: async () => ({ names: new Map(), predictions: [] }),
  displayName: async () => null,
  rename: async () => true,
  dispose: async () => {},
};
