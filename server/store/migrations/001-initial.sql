-- 001: learners and every check verdict, with each step's first pass.
CREATE TABLE learners (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);

CREATE TABLE step_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  at INTEGER NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  reason TEXT NOT NULL,
  automatic INTEGER NOT NULL CHECK (automatic IN (0, 1))
);
CREATE INDEX step_results_by_lesson ON step_results (learner, lesson, at);

CREATE TABLE step_passed (
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  passed_at INTEGER NOT NULL,
  PRIMARY KEY (learner, lesson, step)
);
