// A little disk space held back for the one write that must succeed on a full disk: the record that
// holds the job at its last commit. A transaction that fails at the exact end of the WAL leaves no
// slack in it, and then even that small write fails; deleting this file gives it room. It is
// taken again (best effort) when the next job starts.
import { rmSync, writeFileSync } from 'node:fs'

/** Enough for the few WAL frames (4 or 16 KiB pages) that recording a held job writes. */
const RESERVE_BYTES = 1024 * 1024

export class StorageReserve {
  private readonly file: string | null

  /** `databaseFile` null (an in-memory database): nothing to reserve. */
  constructor(databaseFile: string | null) {
    this.file = databaseFile === null ? null : `${databaseFile}-reserve`
  }

  /** Holds the space again if it can; a disk with no room simply has no reserve yet. */
  take(): void {
    if (this.file === null) return
    try {
      writeFileSync(this.file, Buffer.alloc(RESERVE_BYTES), { flag: 'w' })
    } catch {
      this.release()
    }
  }

  /** Gives the space back to the disk, for the write that records a storage fault. */
  release(): void {
    if (this.file === null) return
    try {
      rmSync(this.file, { force: true })
    } catch {
      // A read-only folder: nothing was written there to give back.
    }
  }
}
