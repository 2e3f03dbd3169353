// Entry of the headless host (`npm run cli`, which execs node on this file so signals reach it);
// the commands live in cli/.
import { main } from './cli/main.ts'

process.exitCode = await main(process.argv.slice(2))
