-- 005: whether an answer was given after the learner had already run what it is about (kept and shown, but not a prediction, so the room's tally leaves it out). Answers kept before this migration read as given before running.
ALTER TABLE predictions ADD COLUMN after_run INTEGER NOT NULL DEFAULT 0 CHECK (after_run IN (0, 1));
