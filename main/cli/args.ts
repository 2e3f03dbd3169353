// The CLI's command line: node:util parseArgs splits it, this file checks it against the commands.
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { APP_NAME, electronUserDataDir, resolveDataDir } from '../data-dir.ts'

export const USAGE = `Usage: npm run --silent cli -- <command> [--data-dir DIR]
  import FILE [--json]           import a CSV of contacts and wait for it to finish
  resume [--json]                continue every unfinished, not paused import
  list [--json]                  list all imports, newest first
  errors ID [--format csv|json]  print the rejected rows of an import (CSV by default)`

export class UsageError extends Error {}
export class HelpRequest extends Error {}

export interface CliArgs {
  command: string
  positional: string[]
  json: boolean
  format: 'csv' | 'json'
  dataDir: string
}

const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  // Read by resolveDataDir (the app's rule); declared so parseArgs takes its value along.
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Under `npm run cli`, the folder the person typed the command in (npm runs scripts from the package root). */
function callerDirectory(): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env
  return npm_lifecycle_event === 'cli' && INIT_CWD ? INIT_CWD : process.cwd()
}

/**
 * The command and its options. Options are checked in the order given, so the first problem is the
 * one reported; a FILE is resolved against the caller's folder. Non-strict parsing, so the messages
 * stay ours (parseArgs' own would suggest `--` for every unknown option).
 */
export function parseCliArgs(argv: string[]): CliArgs {
  const cwd = callerDirectory()
  const dataDir = resolveDataDir({
    argv,
    env: process.env,
    cwd,
    fallback: () => electronUserDataDir(APP_NAME, { platform: process.platform, env: process.env, homedir: homedir() }),
  }).dir
  const { positionals, tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true })
  let json = false
  let format: 'csv' | 'json' = 'csv'
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const known = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name as keyof typeof OPTIONS] : undefined
    if (known?.type === 'boolean' && token.value !== undefined) throw new UsageError(`Unknown option ${token.rawName}=${token.value}`)
    if (token.name === 'json') json = true
    else if (token.name === 'format') {
      const value = token.value
      if (value !== 'csv' && value !== 'json') throw new UsageError(`--format takes csv or json, not ${value ?? 'nothing'}`)
      format = value
    } else if (token.name === 'help') throw new HelpRequest()
    else if (!known) throw new UsageError(`Unknown option ${token.rawName}`)
  }
  const [command, ...rest] = positionals
  if (!command) throw new UsageError('')
  const file = command === 'import' && rest.length === 1 ? resolve(cwd, rest[0]) : null
  return { command, positional: file ? [file] : rest, json, format, dataDir }
}
