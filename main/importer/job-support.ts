// Runs in the import worker: what the import job takes from its environment (test and demo
// hooks) and how a file it cannot read becomes a failure the person can act on.
import { NotARegularFileError } from './file-identity.ts'
import type { FailureReason } from '../domain/failures.ts'

/** A failure the person can act on; the import ends `failed` with this reason. */
export class ImportFailure extends Error {
  override name = 'ImportFailure'
  readonly reason: FailureReason
  constructor(reason: FailureReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** Optional pacing for demos and tests that need to watch a long import (rows per second). */
export function pacingFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const value = Number(env.IMPORTER_MAX_ROWS_PER_SECOND)
  return Number.isFinite(value) && value > 0 ? value : null
}

/**
 * Where tests that act mid-import make it wait on a busy machine (IMPORTER_HOLD_AT=stage:ROWS or
 * merge:ROWS): once an execution's step passes that many rows it goes no further, its progress
 * committed, until it is stopped (pause, quit, cancel, shutdown). An event to wait on, not a race.
 */
export function holdFromEnv(env: NodeJS.ProcessEnv = process.env): { step: 'stage' | 'merge'; rows: number } | null {
  const match = /^(stage|merge):(\d+)$/.exec(env.IMPORTER_HOLD_AT ?? '')
  return match ? { step: match[1] as 'stage' | 'merge', rows: Number(match[2]) } : null
}

export function missingFile(filePath: string, error: unknown): ImportFailure {
  if (error instanceof NotARegularFileError) {
    return new ImportFailure('file_missing', `${filePath} is no longer a regular file (something else was put in its place). Move the original file back and choose Retry, or start a new import.`)
  }
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') {
    return new ImportFailure('file_missing', `The file ${filePath} is no longer there. Move it back to where it was and choose Retry, or start a new import.`)
  }
  return new ImportFailure('file_missing', `The file ${filePath} cannot be read (${code ?? String(error)}). Check it is still there and readable, then choose Retry.`)
}
