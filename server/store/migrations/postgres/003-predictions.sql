-- 003: the learner's answer to each step's prediction, the first answer kept (PostgreSQL dialect of ../003-predictions.sql).
CREATE TABLE predictions (
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  answer TEXT NOT NULL,
  correct BOOLEAN NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (learner, lesson, step)
);
