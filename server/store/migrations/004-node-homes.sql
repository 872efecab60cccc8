-- 004: the lab's nodes (a heartbeat each) and the node holding each learner's live sandbox, so a node that is not a learner's home does not start a second one.
-- One node on SQLite is every learner's home; the tables keep the schema the same as PostgreSQL's.
CREATE TABLE lab_nodes (
  id TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL,
  draining INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE learner_homes (
  learner TEXT PRIMARY KEY,
  node TEXT NOT NULL,
  since INTEGER NOT NULL
);
CREATE INDEX learner_homes_by_node ON learner_homes (node);
