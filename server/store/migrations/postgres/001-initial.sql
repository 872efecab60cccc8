-- 001: learners and every check verdict, with each step's first pass (PostgreSQL dialect of ../001-initial.sql).
CREATE TABLE learners (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

CREATE TABLE step_results (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  at BIGINT NOT NULL,
  passed BOOLEAN NOT NULL,
  reason TEXT NOT NULL,
  automatic BOOLEAN NOT NULL
);
CREATE INDEX step_results_by_lesson ON step_results (learner, lesson, at);

CREATE TABLE step_passed (
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  passed_at BIGINT NOT NULL,
  PRIMARY KEY (learner, lesson, step)
);
