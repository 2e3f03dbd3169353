// Whether a process of this machine still runs: leases and write turns name their holder by pid.
import { readFileSync } from 'node:fs'

/**
 * A killed process whose parent has not reaped it yet (a zombie: state Z or X in /proc on Linux)
 * still answers signal 0, but will never commit again: it counts as gone.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return true
  }
}
