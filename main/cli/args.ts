// The CLI's command line: node:util parseArgs splits it, this file checks it against the commands.
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { APP_NAME, electronUserDataDir, resolveDataDir } from '../data-dir.ts'
import { CHOOSABLE_FIELDS, encodingName, normalizeHeader, type ChoosableField, type ColumnChoice } from '../importer/csv/index.ts'

export const USAGE = `Usage: npm run --silent cli -- <command> [--data-dir DIR]
  import FILE [--json] [--map FIELD=COLUMN]... [--encoding LABEL]
                                 import a CSV of contacts and wait for it to finish
  resume [--json]                continue every unfinished, not paused import
  list [--json]                  list all imports, newest first
  errors ID [--format csv|json]  print the rejected rows of an import (CSV by default)

Each contact needs an email, a first_name and a last_name. Columns named so (or a known
alias: "Email Address", "E-mail 1 - Value", "Given Name", "Surname", "Name", ...) are found
by themselves; otherwise say which column holds each field:
  --map FIELD=COLUMN  FIELD is email, first_name, last_name or name (a full name, split into
                      first and last name); COLUMN is the header as written in the file
  --encoding LABEL    read the file in this encoding (windows-1252, shift_jis, utf-16le,
                      iso-8859-2, ...); detected when not given`

export class UsageError extends Error {}
export class HelpRequest extends Error {}

export interface CliArgs {
  command: string
  positional: string[]
  json: boolean
  format: 'csv' | 'json'
  dataDir: string
  /** `--map FIELD=COLUMN` choices of `import`. */
  mapping: ColumnChoice
  /** WHATWG name of the `--encoding` label, or null. */
  encoding: string | null
}

const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  // Read by resolveDataDir (the app's rule); declared so parseArgs takes its value along.
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  map: { type: 'string', multiple: true },
  encoding: { type: 'string' },
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
  const mapping: ColumnChoice = {}
  let encoding: string | null = null
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const known = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name as keyof typeof OPTIONS] : undefined
    if (known?.type === 'boolean' && token.value !== undefined) throw new UsageError(`Unknown option ${token.rawName}=${token.value}`)
    if (token.name === 'json') json = true
    else if (token.name === 'format') {
      const value = token.value
      if (value !== 'csv' && value !== 'json') throw new UsageError(`--format takes csv or json, not ${value ?? 'nothing'}`)
      format = value
    } else if (token.name === 'map') addChoice(mapping, token.value)
    else if (token.name === 'encoding') {
      encoding = token.value === undefined ? null : encodingName(token.value)
      if (encoding === null) throw new UsageError(`--encoding takes a WHATWG encoding label (windows-1252, shift_jis, utf-16le, …), not ${token.value ?? 'nothing'}`)
    } else if (token.name === 'help') throw new HelpRequest()
    else if (!known) throw new UsageError(`Unknown option ${token.rawName}`)
  }
  const [command, ...rest] = positionals
  if (!command) throw new UsageError('')
  if (command !== 'import' && (encoding !== null || Object.keys(mapping).length > 0)) {
    throw new UsageError('--map and --encoding go with import')
  }
  const file = command === 'import' && rest.length === 1 ? resolve(cwd, rest[0]) : null
  return { command, positional: file ? [file] : rest, json, format, dataDir, mapping, encoding }
}

/** One `--map FIELD=COLUMN`: a field named once, to a column no other field takes. */
function addChoice(mapping: ColumnChoice, value: string | undefined): void {
  const at = value?.indexOf('=') ?? -1
  const field = value?.slice(0, Math.max(0, at)).trim() as ChoosableField
  const column = value?.slice(at + 1) ?? ''
  if (value === undefined || at < 1 || !(CHOOSABLE_FIELDS as readonly string[]).includes(field) || column.trim() === '') {
    throw new UsageError(`--map takes FIELD=COLUMN with FIELD one of ${CHOOSABLE_FIELDS.join(', ')}, not ${value ?? 'nothing'}`)
  }
  if (mapping[field] !== undefined) throw new UsageError(`--map names ${field} twice`)
  const taken = Object.entries(mapping).find(([, other]) => normalizeHeader(other) === normalizeHeader(column))
  if (taken) throw new UsageError(`--map gives the column "${column}" to both ${taken[0]} and ${field}; a column gives one field`)
  mapping[field] = column
}
