-- 002: a display name per learner (null until they set one) and the active time spent per lesson (PostgreSQL dialect of ../002-names-and-time.sql).
ALTER TABLE learners ADD COLUMN display_name TEXT;

CREATE TABLE lesson_time (
  learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  lesson TEXT NOT NULL,
  seconds_spent DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY (learner, lesson)
);
