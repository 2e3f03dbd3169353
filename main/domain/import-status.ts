// The statuses of an import: shared by the worker, the service, the CLI and (as types, through
// preload/api.ts) the window. No Node or DOM types here: both tsconfigs compile this file.

export const IMPORT_STATUSES = ['pending', 'needs_mapping', 'validating', 'processing', 'paused', 'completed', 'failed', 'cancelled'] as const

export type ImportStatus = (typeof IMPORT_STATUSES)[number]

/** Imports that run or wait their turn: not paused, not ended. A relaunch continues them. */
export const UNFINISHED_STATUSES: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['pending', 'validating', 'processing'])
