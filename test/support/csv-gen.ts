// Deterministic contacts CSV generator for tests and benchmarks: invalid rows, duplicate emails,
// quoted fields with delimiters and line breaks, non-ASCII names.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export interface GenerateOptions {
  rows: number
  /** Share of rows that break a rule (default 0.02). */
  invalidShare?: number
  /** Share of rows that repeat an earlier email (default 0.05). */
  duplicateShare?: number
  seed?: number
  lineEnding?: '\n' | '\r\n'
  /** Field delimiter (default `,`), as European Excel writes `;`. */
  delimiter?: ',' | ';'
  /** Header names of the four columns email, first name, last name, company (default the canonical ones). */
  header?: readonly [string, string, string, string]
  /**
   * Bytes of the file (default UTF-8). Windows-1252: names outside it are swapped for names it
   * holds, drawn the same way, so both files hold the same rows and the same errors.
   */
  encoding?: 'utf-8' | 'windows-1252'
}

export interface GeneratedStats {
  rows: number
  invalid: number
  bytes: number
}

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = ['Anna', 'Björn', 'Chloé', 'Dmitri', 'Émile', 'Fatima', 'Günther', 'Hiro', 'Inès', 'José', 'Zoë', 'Łukasz', '美咲', 'Ola']
const LAST = ['Andersson', 'Müller', "O'Brien", 'Nguyễn', 'Smith, Jr.', 'García', 'Kowalski', 'Dubois', 'Rossi', 'Søndergaard', 'van der Berg', '山田']
// Same lengths as FIRST and LAST: what Windows-1252 holds in place of the names it cannot.
const FIRST_1252 = FIRST.map((name, k) => (/[\u0100-\u{10ffff}]/u.test(name) ? ['Søren', 'Françoise'][k % 2] : name))
const LAST_1252 = LAST.map((name, k) => (/[\u0100-\u{10ffff}]/u.test(name) ? ['Ångström', 'Ibáñez'][k % 2] : name))
const BAD = ['not-an-email', 'bob@', '@example.com', 'two words@example.com', 'missing.dot@example', '']

function quote(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || value.startsWith(' ') ? `"${value.replaceAll('"', '""')}"` : value
}

/** Writes the file and returns what it holds; same options, same bytes. */
export async function generateContactsCsv(path: string, options: GenerateOptions): Promise<GeneratedStats> {
  const random = prng(options.seed ?? 42)
  const invalidShare = options.invalidShare ?? 0.02
  const duplicateShare = options.duplicateShare ?? 0.05
  const eol = options.lineEnding ?? '\n'
  const d = options.delimiter ?? ','
  const legacy = options.encoding === 'windows-1252'
  const firstNames = legacy ? FIRST_1252 : FIRST
  const lastNames = legacy ? LAST_1252 : LAST
  // Every character written is below U+0100 when legacy, so latin1 gives Windows-1252's bytes.
  const encode = (text: string): Buffer => Buffer.from(text, legacy ? 'latin1' : 'utf8')
  const q = (value: string): string => quote(value, d)
  const out = createWriteStream(path)
  let bytes = 0
  let invalid = 0
  let buffer = (options.header ?? ['email', 'first_name', 'last_name', 'company']).map(q).join(d) + eol
  for (let i = 0; i < options.rows; i++) {
    const roll = random()
    let email = roll < duplicateShare && i > 10 ? `user${Math.floor(random() * i)}@example.com` : `user${i}@example.com`
    if (random() < 0.1) email = email.toUpperCase()
    let first = firstNames[Math.floor(random() * firstNames.length)]
    let last = lastNames[Math.floor(random() * lastNames.length)]
    const company = random() < 0.05 ? `Acme, Inc.\nBranch ${i % 7}` : `Company ${i % 100}`
    let line: string
    if (random() < invalidShare) {
      invalid++
      const kind = Math.floor(random() * 3)
      if (kind === 0) email = BAD[Math.floor(random() * BAD.length)]
      else if (kind === 1) first = ' '
      else last = ''
      line = kind === 2 && random() < 0.5 ? `${q(email)}${d}${q(first)}` : `${q(email)}${d}${q(first)}${d}${q(last)}${d}${q(company)}`
      if (email === '' && kind === 0) line = `${d}${q(first)}${d}${q(last)}${d}${q(company)}`
    } else {
      line = `${q(email)}${d}${q(first)}${d}${q(last)}${d}${q(company)}`
    }
    buffer += line + eol
    if (buffer.length > 1 << 16) {
      const chunk = encode(buffer)
      bytes += chunk.length
      if (!out.write(chunk)) await once(out, 'drain')
      buffer = ''
    }
  }
  const last = encode(buffer)
  bytes += last.length
  out.end(last)
  await once(out, 'finish')
  return { rows: options.rows, invalid, bytes }
}
