-- 004: the lab's nodes (a heartbeat each) and the node holding each learner's live sandbox (PostgreSQL dialect of ../004-node-homes.sql).
-- Times are the database server's clock, so nodes whose clocks differ still agree on whose heartbeat is stale.
CREATE TABLE lab_nodes (
  id TEXT PRIMARY KEY,
  seen_at TIMESTAMPTZ NOT NULL,
  draining BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE learner_homes (
  learner TEXT PRIMARY KEY,
  node TEXT NOT NULL,
  since TIMESTAMPTZ NOT NULL
);
CREATE INDEX learner_homes_by_node ON learner_homes (node);
