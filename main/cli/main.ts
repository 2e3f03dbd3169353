// The headless host: the same ImportService and worker as the app, driven from a terminal.
//   npm run --silent cli -- import FILE [--json] [--map FIELD=COLUMN]... [--encoding LABEL]
//                          | resume [--json] | list [--json]
//                          | errors ID [--format csv|json]      all with [--data-dir DIR]
// Exit codes: 0 completed, 1 rejected or failed, 2 usage or I/O error, 130 interrupted.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { DataDirUsageError } from '../data-dir.ts'
import { HelpRequest, USAGE, UsageError, parseCliArgs } from './args.ts'
import type { CliArgs } from './args.ts'
import { EXIT, IoError } from './exit.ts'
import { inspectFile } from '../importer/csv/index.ts'
import { errors, list } from './read-commands.ts'
import { runImports } from './run-imports.ts'
import { OutputClosed, watchStdout } from './stdout.ts'

/** The arguments a command takes after its name, checked before anything runs. */
function expectArguments(parsed: CliArgs, count: number, what: string): void {
  if (parsed.positional.length !== count) throw new UsageError(`${parsed.command} ${what}`)
}

/** A data folder the worker can create and write; a clear message otherwise (exit 2). */
function checkDataDir(dataDir: string, { create }: { create: boolean }): void {
  try {
    if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new IoError(`The data folder ${dataDir} is a file, not a folder.`)
    if (!create) return
    mkdirSync(dataDir, { recursive: true })
    accessSync(dataDir, constants.W_OK)
  } catch (error) {
    if (error instanceof IoError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new IoError(`The data folder ${dataDir} cannot be used (${code ?? (error as Error).message}).`)
  }
}

/** A `--map` naming no column of the file is a usage error (exit 2), found before any import exists. */
async function checkChoices(parsed: CliArgs): Promise<void> {
  if (Object.keys(parsed.mapping).length === 0) return
  let info
  try {
    info = await inspectFile(parsed.positional[0], { choice: parsed.mapping, encoding: parsed.encoding ?? undefined })
  } catch {
    return // the file itself is the import's to report
  }
  const field = info.mapping.unknownChoices[0]
  if (field !== undefined) {
    throw new UsageError(`--map ${field}=${parsed.mapping[field]}: the file has no such column. Its columns: ${info.headers.join(', ')}`)
  }
}

export async function main(argv: string[]): Promise<number> {
  watchStdout()
  try {
    const parsed = parseCliArgs(argv)
    switch (parsed.command) {
      case 'import':
        expectArguments(parsed, 1, 'needs exactly one FILE')
        await checkChoices(parsed)
        checkDataDir(parsed.dataDir, { create: true })
        return await runImports(parsed, parsed.positional[0])
      case 'resume':
        expectArguments(parsed, 0, 'takes no arguments')
        checkDataDir(parsed.dataDir, { create: true })
        return await runImports(parsed, null)
      case 'list':
        expectArguments(parsed, 0, 'takes no arguments')
        checkDataDir(parsed.dataDir, { create: false })
        return await list(parsed)
      case 'errors':
        expectArguments(parsed, 1, 'needs one import ID (see "list")')
        checkDataDir(parsed.dataDir, { create: false })
        return await errors(parsed)
      default:
        throw new UsageError(`Unknown command ${parsed.command}`)
    }
  } catch (error) {
    // The reader took what it wanted (`errors 1 | head`): nothing went wrong.
    if (error instanceof OutputClosed) return EXIT.completed
    if (error instanceof HelpRequest) {
      process.stdout.write(`${USAGE}\n`)
      return EXIT.completed
    }
    if (error instanceof IoError) {
      process.stderr.write(`${error.message}\n`)
      return EXIT.usage
    }
    if (error instanceof UsageError || error instanceof DataDirUsageError) {
      if (error.message) process.stderr.write(`${error.message}\n`)
      process.stderr.write(`${USAGE}\n`)
      return EXIT.usage
    }
    process.stderr.write(`error: ${(error as Error).message}\n`)
    return EXIT.usage
  }
}
