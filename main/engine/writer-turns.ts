// Turn-taking between processes for SQLite's one write lock. A queue running a job holds the lock
// almost all the time (its transaction reopens right after each commit), and SQLite's busy
// handler only polls, so a short write from another process (a new import, a pause) could wait
// past busy_timeout. A process about to wait for the lock leaves a marker file of its own; the
// runner, after its next commit, lets every waiter go first.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessRunning } from './local-process.ts'

/** How long a runner waits, at most, for waiting writers to take and release the lock (ms). */
const GIVE_WAY_MAX_MS = 500
/** A marker older than this belongs to no writer that is still waiting (busy_timeout is 10 s). */
const STALE_MARKER_MS = 30_000

/** Commits closer together than this look for waiters once (ms). */
const LOOK_EVERY_MS = 10

const sleeper = new Int32Array(new SharedArrayBuffer(4))

export class WriterTurns {
  private readonly folder: string | null
  private raised = 0
  private lastLookAt = Number.NEGATIVE_INFINITY

  /** `databaseFile` null (an in-memory database): no other process can share it. */
  constructor(databaseFile: string | null) {
    this.folder = databaseFile === null ? null : `${databaseFile}-writers-waiting`
  }

  /** Runs `write` (which takes the write lock) with this process's marker up, so a runner steps aside. */
  asWaiter<T>(write: () => T): T {
    const marker = this.raise()
    try {
      return write()
    } finally {
      if (marker !== null && --this.raised === 0) removeQuietly(marker)
    }
  }

  /** Between a commit and the next BEGIN: writers of other live processes waiting go first. */
  giveWay(): void {
    // A job committing every row must not pay a file-system look each time; a waiter can wait 10 ms.
    const now = Date.now()
    if (now - this.lastLookAt < LOOK_EVERY_MS) return
    this.lastLookAt = now
    if (this.folder === null || !existsSync(this.folder)) return
    const deadline = Date.now() + GIVE_WAY_MAX_MS
    try {
      while (this.othersWaiting() && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 1)
    } catch {
      // Markers are a courtesy to other processes; a folder that cannot be read skips it.
    }
  }

  private raise(): string | null {
    if (this.folder === null) return null
    const marker = join(this.folder, String(process.pid))
    if (this.raised++ > 0) return marker
    try {
      mkdirSync(this.folder, { recursive: true })
      // Renamed into place, so a runner never reads a marker without its content.
      writeFileSync(`${marker}.tmp`, String(process.pid))
      renameSync(`${marker}.tmp`, marker)
    } catch {
      // A full or read-only disk: write without a marker (the runner's next commit still comes), and
      // leave SQLite to report the fault on the write itself.
      removeQuietly(`${marker}.tmp`)
    }
    return marker
  }

  /** Whether a marker of another live process is up; markers of dead or long-gone waiters are removed. */
  private othersWaiting(): boolean {
    let waiting = false
    for (const name of readdirSync(this.folder!)) {
      const pid = Number(name)
      if (!Number.isInteger(pid) || pid === process.pid) continue
      const marker = join(this.folder!, name)
      let stale = !isProcessRunning(pid)
      try {
        stale ||= Date.now() - statSync(marker).mtimeMs > STALE_MARKER_MS
      } catch {
        continue
      }
      if (stale) rmSync(marker, { force: true })
      else waiting = true
    }
    return waiting
  }
}

/** Removes a marker file; one that cannot be removed now (a read-only disk) goes stale and is ignored. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true })
  } catch {
    // Stale markers are removed by whichever runner next sees them.
  }
}
