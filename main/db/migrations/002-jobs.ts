// The SQLite queue of the continuable job engine (ARCHITECTURE §4, §5).
export const sql = `
CREATE TABLE jobs (
  job_id               TEXT    PRIMARY KEY,
  job_class            TEXT    NOT NULL,
  arguments            TEXT    NOT NULL,
  continuation         TEXT    NOT NULL,
  resumptions          INTEGER NOT NULL DEFAULT 0,
  executions           INTEGER NOT NULL DEFAULT 0,
  exception_executions TEXT    NOT NULL DEFAULT '{}',
  queue_name           TEXT    NOT NULL DEFAULT 'default',
  priority             INTEGER,
  scheduled_at         INTEGER,
  state                TEXT    NOT NULL DEFAULT 'scheduled'
                       CHECK (state IN ('scheduled','running','held','finished','failed')),
  locked_by            TEXT,
  heartbeat_at         INTEGER,
  last_error           TEXT,
  enqueued_at          INTEGER NOT NULL
);
-- Due jobs in pick order: scheduled_at (NULL = now), then priority, then FIFO.
CREATE INDEX jobs_pick ON jobs(state, scheduled_at, priority, enqueued_at);
`
