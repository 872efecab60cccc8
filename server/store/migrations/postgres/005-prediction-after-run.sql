-- 005: whether an answer was given after the learner had already run what it is about, answers kept before read as before running (PostgreSQL dialect of ../005-prediction-after-run.sql).
ALTER TABLE predictions ADD COLUMN after_run BOOLEAN NOT NULL DEFAULT false;
