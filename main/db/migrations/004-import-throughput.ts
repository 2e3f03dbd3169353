// Throughput history for the window's chart: about one sample a second while an import runs,
// committed with its progress, so after a relaunch the chart shows what came before and a gap
// for the time the app was closed.
export const sql = `
CREATE TABLE import_throughput (
  import_id  INTEGER NOT NULL REFERENCES imports(id),
  at         INTEGER NOT NULL,
  phase      TEXT    NOT NULL CHECK (phase IN ('validating', 'processing')),
  rows       INTEGER NOT NULL,
  -- 1 on the first sample of an execution: the import (re)started here, after a pause, quit or crash.
  run_start  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (import_id, at)
) WITHOUT ROWID;
`
