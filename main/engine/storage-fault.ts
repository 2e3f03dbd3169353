// Which errors mean the database's storage failed (not the job): a full disk, a folder that went
// read-only, an I/O error. After one, the connection's open transaction may be gone, so the job is
// rebuilt from its last commit and held until the storage can take writes again.

/** What kind of storage failure stopped a job; the hold reason it is paused with. */
export type StorageFaultKind = 'disk_full' | 'read_only' | 'io_error'

const SQLITE_CODES: ReadonlyArray<[prefix: string, kind: StorageFaultKind]> = [
  ['SQLITE_FULL', 'disk_full'],
  ['SQLITE_READONLY', 'read_only'],
  ['SQLITE_IOERR', 'io_error'],
  // Raised when SQLite cannot create its temporary or journal files (a full or read-only folder).
  ['SQLITE_CANTOPEN', 'io_error'],
]

const ERRNO_CODES: Readonly<Record<string, StorageFaultKind>> = {
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EROFS: 'read_only',
  EIO: 'io_error',
}

/** The storage fault an error stands for, or null when it is any other error. */
export function storageFaultOf(error: unknown): StorageFaultKind | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  for (const [prefix, kind] of SQLITE_CODES) if (code === prefix || code.startsWith(`${prefix}_`)) return kind
  return ERRNO_CODES[code] ?? null
}
