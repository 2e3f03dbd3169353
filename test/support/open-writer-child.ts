// A child process that opens the writer connection on a data dir (migrating it) and reports.
import { openWriter } from '../../main/db/open.ts'
import { schemaVersion } from '../../main/db/migrate.ts'

const db = openWriter(process.argv[2])
process.stdout.write(`version ${schemaVersion(db)}\n`)
db.close()
