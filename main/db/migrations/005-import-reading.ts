// How each import reads its file (CSV-RULES "Column mapping", "Encoding"), fixed before its first
// row is staged, and the `needs_mapping` status. SQLite cannot change a CHECK constraint in
// place, so imports is rebuilt; its children are rebuilt first against the new table (a DROP of
// a parent with foreign_keys on would delete their rows), and the renames re-point them.
export const sql = `
CREATE TABLE imports_new (
  id               INTEGER PRIMARY KEY,
  file_path        TEXT    NOT NULL,
  file_name        TEXT    NOT NULL,
  file_size        INTEGER NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending','needs_mapping','validating','processing','paused','completed','failed','cancelled')),
  total_rows       INTEGER,
  processed_count  INTEGER NOT NULL DEFAULT 0,
  created_count    INTEGER NOT NULL DEFAULT 0,
  updated_count    INTEGER NOT NULL DEFAULT 0,
  error_count      INTEGER NOT NULL DEFAULT 0,
  failure_reason   TEXT,
  failure_message  TEXT,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  file_mtime_ms    REAL,
  file_head_hash   TEXT,
  rows_read        INTEGER NOT NULL DEFAULT 0,
  bytes_read       INTEGER NOT NULL DEFAULT 0,
  file_headers     TEXT,
  job_id           TEXT,
  -- What the person chose (JSON {"email": "<column>", ...}; a WHATWG encoding label), if anything.
  requested_mapping  TEXT,
  requested_encoding TEXT,
  -- 1: a file whose columns do not give every field waits as needs_mapping (the app); 0: it fails (the CLI).
  waits_for_mapping  INTEGER NOT NULL DEFAULT 0,
  -- How the file is read, saved before the first row is staged and reused by every resume.
  encoding         TEXT,
  delimiter        TEXT,
  header_line      INTEGER,
  -- Non-blank records before the header (notes).
  skipped_records  INTEGER,
  -- JSON {"email": "<header text>", "first_name": ..., "last_name": ...}.
  mapping          TEXT,
  -- JSON CsvLayout: column indexes, field count, delimiter, encoding.
  layout           TEXT
);
INSERT INTO imports_new (id, file_path, file_name, file_size, status, total_rows, processed_count, created_count,
  updated_count, error_count, failure_reason, failure_message, created_at, started_at, finished_at, file_mtime_ms,
  file_head_hash, rows_read, bytes_read, file_headers, job_id)
SELECT id, file_path, file_name, file_size, status, total_rows, processed_count, created_count,
  updated_count, error_count, failure_reason, failure_message, created_at, started_at, finished_at, file_mtime_ms,
  file_head_hash, rows_read, bytes_read, file_headers, job_id FROM imports;

CREATE TABLE import_errors_new (
  import_id    INTEGER NOT NULL REFERENCES imports_new(id) ON DELETE CASCADE,
  row_number   INTEGER NOT NULL,
  line_number  INTEGER NOT NULL,
  code         TEXT    NOT NULL,
  email        TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;
INSERT INTO import_errors_new SELECT * FROM import_errors;

CREATE TABLE import_throughput_new (
  import_id  INTEGER NOT NULL REFERENCES imports_new(id),
  at         INTEGER NOT NULL,
  phase      TEXT    NOT NULL CHECK (phase IN ('validating', 'processing')),
  rows       INTEGER NOT NULL,
  run_start  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (import_id, at)
) WITHOUT ROWID;
INSERT INTO import_throughput_new SELECT * FROM import_throughput;

DROP TABLE import_throughput;
DROP TABLE import_errors;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
ALTER TABLE import_errors_new RENAME TO import_errors;
ALTER TABLE import_throughput_new RENAME TO import_throughput;
CREATE INDEX imports_status ON imports(status);
`
