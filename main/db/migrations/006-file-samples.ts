// The file's identity gains samples spread over the file (file-identity.ts), so a same-size edit
// past its first 64 KiB, with its modification time put back, is still refused on resume.
export const sql = `
ALTER TABLE imports ADD COLUMN file_sample_hash TEXT;
`
