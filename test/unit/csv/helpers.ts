// Test helpers for the CSV reader: fixture paths, chunked scans, compact outcome tuples.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  FileRejection,
  createRecordReader,
  type RecordReader,
  readLayout,
  type CsvLayout,
  type RecordOutcome,
  type ScanPosition,
} from '../../../main/importer/csv/index.ts'

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/csv/', import.meta.url))

export function fixturePath(name: string): string {
  return FIXTURE_DIR + name
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(name))
}

export interface Scan {
  outcomes: RecordOutcome[]
  /** scanner.position after every push and after end(). */
  positions: ScanPosition[]
  final: ScanPosition
}

/** The scanner's position, checked to sit right after the last record it returned. */
function checkedPosition(scanner: RecordReader, start: ScanPosition, returned: RecordOutcome[]): ScanPosition {
  const position = scanner.position
  const last = returned.at(-1)
  assert.equal(position.row, start.row + returned.length, 'position.row counts the records returned')
  if (last) assert.ok(position.line >= last.line, 'position is at or past the line of the last record')
  assert.ok(position.offset >= start.offset)
  return position
}

/**
 * Scans file bytes from `start` in chunks of `chunkSize` (the last one shorter), as the import
 * job would. Each chunk is a copy in a reused buffer, so a scanner that kept a reference to a
 * chunk would read overwritten bytes and fail the comparisons.
 */
export function scanBytes(bytes: Uint8Array, layout: CsvLayout, start: ScanPosition, chunkSize: number): Scan {
  const scanner = createRecordReader(layout, start)
  const outcomes: RecordOutcome[] = []
  const positions: ScanPosition[] = []
  const size = Math.min(chunkSize, Math.max(1, bytes.length))
  const scratch = Buffer.alloc(size)
  for (let at = start.offset; at < bytes.length; at += size) {
    const n = Math.min(size, bytes.length - at)
    scratch.set(bytes.subarray(at, at + n))
    outcomes.push(...scanner.push(scratch.subarray(0, n)))
    scratch.fill(0xff) // poison: a kept reference would now see invalid bytes
    positions.push(checkedPosition(scanner, start, outcomes))
  }
  outcomes.push(...scanner.end())
  positions.push(checkedPosition(scanner, start, outcomes))
  return { outcomes, positions, final: scanner.position }
}

export async function scanFixture(name: string, chunkSize = Number.MAX_SAFE_INTEGER): Promise<Scan & { layout: CsvLayout; start: ScanPosition }> {
  const { layout, start } = await readLayout(fixturePath(name))
  return { layout, start, ...scanBytes(fixtureBytes(name), layout, start, chunkSize) }
}

/** Outcomes as short tuples, so expectations read like a table. */
export type Tuple = [row: number, line: number, kind: string, email: string, ...names: string[]]

export function tuples(outcomes: RecordOutcome[]): Tuple[] {
  return outcomes.map((o) =>
    o.kind === 'contact' ? [o.row, o.line, 'contact', o.email, o.firstName, o.lastName] : [o.row, o.line, o.code, o.email],
  )
}

/** Runs fn and returns the FileRejection it throws (failing when it throws nothing or something else). */
export async function rejection(fn: () => unknown): Promise<FileRejection> {
  try {
    await fn()
  } catch (error) {
    if (error instanceof FileRejection) return error
    throw error
  }
  throw new Error('expected a FileRejection, nothing was thrown')
}

/** A scan's result, or the rejection it ended with, in a form assert.deepEqual can compare. */
export function scanOrRejection(
  bytes: Uint8Array,
  layout: CsvLayout,
  start: ScanPosition,
  chunkSize: number,
): { outcomes: RecordOutcome[]; final: ScanPosition } | { reason: string; line: number | null; message: string } {
  try {
    const { outcomes, final } = scanBytes(bytes, layout, start, chunkSize)
    return { outcomes, final }
  } catch (error) {
    if (!(error instanceof FileRejection)) throw error
    return { reason: error.reason, line: error.line, message: error.message }
  }
}

const CHUNK_SIZES = [1, 2, 3, 4, 5, 6, 7, 65_536]

/**
 * The property every caller relies on: for chunk sizes 1..7 and 64 KiB the outcomes (or the
 * rejection) equal one straight pass, and a fresh scanner started at any reported position
 * yields exactly the rest of the straight pass and ends where it ended.
 */
export function assertResumable(bytes: Uint8Array, layout: CsvLayout, start: ScanPosition, label: string): void {
  const whole = scanOrRejection(bytes, layout, start, Number.MAX_SAFE_INTEGER)
  for (const size of CHUNK_SIZES) {
    assert.deepEqual(scanOrRejection(bytes, layout, start, size), whole, `${label}: chunks of ${size}`)
  }

  // Byte-at-a-time scans report every record boundary at least once (positions are only
  // reported after pushes, and after end()).
  let positions: ScanPosition[]
  try {
    positions = scanBytes(bytes, layout, start, 1).positions
  } catch (error) {
    if (!(error instanceof FileRejection)) throw error
    positions = collectPositionsUntilRejection(bytes, layout, start)
  }
  const seen = new Set<number>()
  for (const position of positions) {
    if (seen.has(position.offset)) continue
    seen.add(position.offset)
    for (const size of [1, 3, Number.MAX_SAFE_INTEGER]) {
      const resumed = scanOrRejection(bytes, layout, position, size)
      if ('reason' in whole) {
        assert.deepEqual(resumed, whole, `${label}: resumed at ${JSON.stringify(position)}, chunks of ${size}`)
      } else {
        assert.deepEqual(
          resumed,
          { outcomes: whole.outcomes.filter((o) => o.row > position.row), final: whole.final },
          `${label}: resumed at ${JSON.stringify(position)}, chunks of ${size}`,
        )
      }
    }
  }
}

function collectPositionsUntilRejection(bytes: Uint8Array, layout: CsvLayout, start: ScanPosition): ScanPosition[] {
  const scanner = createRecordReader(layout, start)
  const positions: ScanPosition[] = []
  try {
    for (let at = start.offset; at < bytes.length; at++) {
      scanner.push(bytes.subarray(at, at + 1))
      positions.push(scanner.position)
    }
  } catch (error) {
    if (!(error instanceof FileRejection)) throw error
  }
  return positions
}

