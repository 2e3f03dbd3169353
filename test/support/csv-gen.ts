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
const BAD = ['not-an-email', 'bob@', '@example.com', 'two words@example.com', 'missing.dot@example', '']

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value.startsWith(' ') ? `"${value.replaceAll('"', '""')}"` : value
}

/** Writes the file and returns what it holds; same options, same bytes. */
export async function generateContactsCsv(path: string, options: GenerateOptions): Promise<GeneratedStats> {
  const random = prng(options.seed ?? 42)
  const invalidShare = options.invalidShare ?? 0.02
  const duplicateShare = options.duplicateShare ?? 0.05
  const eol = options.lineEnding ?? '\n'
  const out = createWriteStream(path)
  let bytes = 0
  let invalid = 0
  let buffer = `email,first_name,last_name,company${eol}`
  for (let i = 0; i < options.rows; i++) {
    const roll = random()
    let email = roll < duplicateShare && i > 10 ? `user${Math.floor(random() * i)}@example.com` : `user${i}@example.com`
    if (random() < 0.1) email = email.toUpperCase()
    let first = FIRST[Math.floor(random() * FIRST.length)]
    let last = LAST[Math.floor(random() * LAST.length)]
    const company = random() < 0.05 ? `Acme, Inc.\nBranch ${i % 7}` : `Company ${i % 100}`
    let line: string
    if (random() < invalidShare) {
      invalid++
      const kind = Math.floor(random() * 3)
      if (kind === 0) email = BAD[Math.floor(random() * BAD.length)]
      else if (kind === 1) first = ' '
      else last = ''
      line = kind === 2 && random() < 0.5 ? `${quote(email)},${quote(first)}` : `${quote(email)},${quote(first)},${quote(last)},${quote(company)}`
      if (email === '' && kind === 0) line = `,${quote(first)},${quote(last)},${quote(company)}`
    } else {
      line = `${quote(email)},${quote(first)},${quote(last)},${quote(company)}`
    }
    buffer += line + eol
    if (buffer.length > 1 << 16) {
      bytes += Buffer.byteLength(buffer)
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  bytes += Buffer.byteLength(buffer)
  out.end(buffer)
  await once(out, 'finish')
  return { rows: options.rows, invalid, bytes }
}
