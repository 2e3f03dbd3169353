// Runs in the test process: the CSV files the scenarios drop.
import { readFileSync, writeFileSync } from 'node:fs'
import { generateContactsCsv } from '../../support/csv-gen.ts'
import type { GeneratedStats } from '../../support/csv-gen.ts'

export interface GeneratedFile {
  path: string
  stats: GeneratedStats
  /** Same key, same bytes: the reference run of one file stands for every copy. */
  key: string
}

/** A deterministic contacts file with ~2% invalid rows, ~5% repeated emails, quoted multi-line fields. */
export async function contactsFile(path: string, rows: number, seed: number): Promise<GeneratedFile> {
  const stats = await generateContactsCsv(path, { rows, seed })
  return { path, stats, key: `contacts:${rows}:${seed}` }
}

export function writeCsv(path: string, lines: readonly string[]): string {
  writeFileSync(path, `${lines.join('\r\n')}\r\n`)
  return path
}

/** Cells a spreadsheet would run as formulas, as emails of rows the importer must reject. */
export const FORMULA_EMAILS = [
  '=HYPERLINK("http://evil.example/","Click me")',
  '+1',
  '-2',
  '@x',
  '=1+2',
  "=cmd|' /C calc'!A0",
  // A formula cell that spans lines: still a formula to a spreadsheet.
  '=2+3\nsecond line',
] as const

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** A file whose rejected rows carry formula-looking emails, among good rows (one with a formula-looking name). */
export function formulaFile(path: string): string {
  return writeCsv(path, [
    'email,first_name,last_name',
    'ann@example.com,Ann,Lee',
    ...FORMULA_EMAILS.map((email, index) => `${quote(email)},Name${index},Surname${index}`),
    'bob@example.com,,Stone',
    `cara@example.com,${quote('=SUM(A1:A3)')},Diaz`,
    'dan@example.com,Dan,Okafor',
  ])
}

/** A copy of `source` whose header line is `header`: the same rows under other column names. */
export function withHeader(source: string, path: string, header: string): string {
  const text = readFileSync(source, 'utf8')
  writeFileSync(path, header + text.slice(text.indexOf('\n')))
  return path
}
