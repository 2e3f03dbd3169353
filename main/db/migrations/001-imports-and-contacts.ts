// Imports, their rejected rows, and the contacts they write (ARCHITECTURE §5).
export const sql = `
CREATE TABLE imports (
  id               INTEGER PRIMARY KEY,
  file_path        TEXT    NOT NULL,
  file_name        TEXT    NOT NULL,
  file_size        INTEGER NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending','validating','processing','paused','completed','failed','cancelled')),
  total_rows       INTEGER,
  processed_count  INTEGER NOT NULL DEFAULT 0,
  created_count    INTEGER NOT NULL DEFAULT 0,
  updated_count    INTEGER NOT NULL DEFAULT 0,
  error_count      INTEGER NOT NULL DEFAULT 0,
  failure_reason   TEXT,
  failure_message  TEXT,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER
);

-- Append-only; the key makes a row recorded twice an error instead of a silent double count.
CREATE TABLE import_errors (
  import_id    INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  row_number   INTEGER NOT NULL,
  line_number  INTEGER NOT NULL,
  code         TEXT    NOT NULL,
  email        TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  email       TEXT    NOT NULL UNIQUE,
  first_name  TEXT    NOT NULL,
  last_name   TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`
