// Entry of the headless host (`npm run cli`, which execs node on this file so signals reach it);
// the commands live in cli/.
// better-sqlite3 reads SQLITE_USE_URI once, when it loads, so it is set before anything imports it:
// `list` and `errors` then open a database on read-only media as immutable (db/open.ts).
import { enableCompileCache } from 'node:module'

process.env.SQLITE_USE_URI = '1'
// The CLI and the worker it forks compile their modules from Node's on-disk code cache (in the
// temp dir) after the first run: a small import takes 0.3 s instead of 0.6 s (docs/performance.md).
// The worker inherits the directory through the environment; a cache that cannot be used is skipped.
const compileCache = enableCompileCache()
if (compileCache.directory) process.env.NODE_COMPILE_CACHE = compileCache.directory
const { main } = await import('./cli/main.ts')

process.exitCode = await main(process.argv.slice(2))
