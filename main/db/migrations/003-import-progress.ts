// What resuming and the window need beyond §5: the file's identity, committed read progress,
// the header names for the failure view, and the job that runs the import.
export const sql = `
ALTER TABLE imports ADD COLUMN file_mtime_ms   REAL;
ALTER TABLE imports ADD COLUMN file_head_hash  TEXT;
ALTER TABLE imports ADD COLUMN rows_read       INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN bytes_read      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN file_headers    TEXT;
ALTER TABLE imports ADD COLUMN job_id          TEXT;
CREATE INDEX imports_status ON imports(status);
`
