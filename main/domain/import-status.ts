// The statuses of an import: shared by the worker, the service, the CLI and (as types, through
// preload/api.ts) the window. No Node or DOM types here: both tsconfigs compile this file.

/** `needs_mapping`: the file's columns do not give every field; the import waits for the person's choice. */
export const IMPORT_STATUSES = ['pending', 'needs_mapping', 'validating', 'processing', 'paused', 'completed', 'failed', 'cancelled'] as const

export type ImportStatus = (typeof IMPORT_STATUSES)[number]

/** Imports that run or wait their turn: not paused, not ended. A relaunch continues them. */
export const UNFINISHED_STATUSES: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['pending', 'validating', 'processing'])

/**
 * Every move an import's status may make; any other is a bug and is refused. Same-status moves are
 * listed where a writer repeats itself: a step resumed after a crash marks its phase again.
 */
const NEXT: Readonly<Record<ImportStatus, readonly ImportStatus[]>> = {
  // paused and failed: stopped or rejected before its first step; completed: paused after its last
  // step, resumed, and finished from the queue without a step of its own.
  pending: ['needs_mapping', 'validating', 'processing', 'paused', 'completed', 'failed', 'cancelled'],
  needs_mapping: ['pending', 'cancelled'],
  // needs_mapping: the header, read once validating began, does not give every field (the app waits).
  validating: ['validating', 'needs_mapping', 'processing', 'paused', 'failed', 'cancelled'],
  processing: ['processing', 'paused', 'completed', 'failed', 'cancelled'],
  // Resume (or the storage taking writes again) queues it; Cancel ends it.
  paused: ['pending', 'cancelled'],
  // Retry continues from the last checkpoint.
  failed: ['pending'],
  completed: [],
  cancelled: [],
}

export function canMove(from: ImportStatus, to: ImportStatus): boolean {
  return NEXT[from].includes(to)
}

export class ImportStatusError extends Error {
  override name = 'ImportStatusError'
  readonly importId: number
  readonly from: ImportStatus
  readonly to: ImportStatus

  constructor(importId: number, from: ImportStatus, to: ImportStatus) {
    const allowed = NEXT[from].length > 0 ? `only to ${NEXT[from].join(', ')}` : 'nowhere: it has ended'
    super(`Import ${importId} cannot go from ${from} to ${to} (from ${from} it goes ${allowed}).`)
    this.importId = importId
    this.from = from
    this.to = to
  }
}

/** Throws ImportStatusError unless the state machine allows the move. */
export function checkMove(importId: number, from: ImportStatus, to: ImportStatus): void {
  if (!canMove(from, to)) throw new ImportStatusError(importId, from, to)
}
