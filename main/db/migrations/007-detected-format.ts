// What a file rejected as `not_csv` was recognized as (DetectedFormat: 'xlsx', 'vcard', …), so the
// window can name the format and say how to save it as CSV; null for every other import.
export const sql = `
ALTER TABLE imports ADD COLUMN detected_format TEXT;
`
