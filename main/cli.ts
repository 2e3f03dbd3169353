// Entry of the headless host (`npm run cli`, which execs node on this file so signals reach it);
// the commands live in cli/.
// better-sqlite3 reads SQLITE_USE_URI once, when it loads, so it is set before anything imports it:
// `list` and `errors` then open a database on read-only media as immutable (db/open.ts).
process.env.SQLITE_USE_URI = '1'
const { main } = await import('./cli/main.ts')

process.exitCode = await main(process.argv.slice(2))
