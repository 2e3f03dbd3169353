// Turn-taking between processes for SQLite's one write lock. A queue running a job holds the lock
// almost all the time (its transaction reopens right after each commit), and SQLite's busy
// handler only polls, so a short write from another process (a new import, a pause) could wait
// past busy_timeout. A process about to wait for the lock raises a marker file; the runner, after
// its next commit, lets it go first.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { isProcessRunning } from './local-process.ts'

/** How long a runner waits, at most, for a waiting writer to take and release the lock (ms). */
const GIVE_WAY_MAX_MS = 500

const sleeper = new Int32Array(new SharedArrayBuffer(4))

export class WriterTurns {
  private readonly marker: string | null

  /** `databaseFile` null (an in-memory database): no other process can share it. */
  constructor(databaseFile: string | null) {
    this.marker = databaseFile === null ? null : `${databaseFile}-writer-waiting`
  }

  /** Runs `write` (which takes the write lock) with the marker raised, so that a runner steps aside. */
  asWaiter<T>(write: () => T): T {
    const raised = this.raise()
    try {
      return write()
    } finally {
      if (raised) rmSync(this.marker!, { force: true })
    }
  }

  /** Between a commit and the next BEGIN: a writer of another live process waiting goes first. */
  giveWay(): void {
    if (this.marker === null || !existsSync(this.marker)) return
    const holder = this.holder()
    if (holder === process.pid) return
    if (holder === null || !isProcessRunning(holder)) {
      rmSync(this.marker, { force: true })
      return
    }
    const deadline = Date.now() + GIVE_WAY_MAX_MS
    while (existsSync(this.marker) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 1)
  }

  private raise(): boolean {
    if (this.marker === null) return false
    try {
      writeFileSync(this.marker, String(process.pid), { flag: 'wx' })
      return true
    } catch {
      // Another process waits too: its marker makes the runner step aside for both.
      return false
    }
  }

  private holder(): number | null {
    try {
      const pid = Number(readFileSync(this.marker!, 'latin1'))
      return Number.isInteger(pid) && pid > 0 ? pid : null
    } catch {
      return null
    }
  }
}
