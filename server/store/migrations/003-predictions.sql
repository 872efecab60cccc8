-- 003: the learner's answer to each step's prediction (the first answer counts: it is kept, later ones are not).
CREATE TABLE predictions (
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  answer TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  at INTEGER NOT NULL,
  PRIMARY KEY (learner, lesson, step)
);
