// Who runs which job: a running job carries the lease of one process (`<pid>:<random>`), renewed
// by its heartbeat at every commit. One runner per database: while another live process runs a
// job, this one claims none. A job whose process died is taken again before any other.
import { isProcessRunning } from './local-process.ts'
import type { JobRow, JobsTable } from './jobs-table.ts'

/** Which jobs a queue may run (all, when absent): a host may run only what it was asked to. */
export type JobFilter = (job: { jobClass: string; arguments: unknown[] }) => boolean

/** How often to look again at a job another process holds. */
export const LEASE_POLL_MS = 1000

export interface LeasesOptions {
  jobs: JobsTable
  owner: string
  /** A running job whose heartbeat is older than this is taken again. */
  leaseMs: number
  now: () => number
  filter: JobFilter | undefined
}

export class Leases {
  private readonly options: LeasesOptions

  constructor(options: LeasesOptions) {
    this.options = options
  }

  /** The job to claim next, if any: one whose process died first, then the next one due. */
  claimable(): JobRow | undefined {
    const { jobs, now } = this.options
    return jobs.running().find((row) => !this.isAlive(row) && this.mayRun(row)) ?? jobs.due(now()).find((row) => this.mayRun(row))
  }

  mayRun(row: JobRow): boolean {
    const { filter } = this.options
    return filter === undefined || filter({ jobClass: row.job_class, arguments: JSON.parse(row.arguments) as unknown[] })
  }

  otherRunnerIsActive(): boolean {
    return this.options.jobs.running().some((row) => row.locked_by !== this.options.owner && this.isAlive(row))
  }

  /** A lease is alive while its heartbeat is recent and, on this machine, its process exists. */
  isAlive(row: JobRow): boolean {
    const { owner, leaseMs, now } = this.options
    if (row.locked_by === owner) return true
    if (row.heartbeat_at === null || now() - row.heartbeat_at > leaseMs) return false
    const pid = Number(row.locked_by?.split(':')[0])
    if (!Number.isInteger(pid) || pid <= 0) return true
    return isProcessRunning(pid)
  }

  /**
   * When to look for work again: the next scheduled job's time, or within a second while another
   * process holds a job (it may stop or die and leave it to us); null when nothing is waiting.
   */
  nextDueAt(): number | null {
    const now = this.options.now()
    let at: number | null = null
    for (const row of this.options.jobs.waiting()) {
      if (!this.mayRun(row)) continue
      const due = row.state === 'scheduled' ? (row.scheduled_at ?? 0) : now + LEASE_POLL_MS
      at = at === null ? due : Math.min(at, due)
    }
    // Due, but another process runs a job: nothing can be claimed before it stops or dies.
    if (at !== null && at <= now && this.otherRunnerIsActive()) return now + LEASE_POLL_MS
    return at
  }
}
