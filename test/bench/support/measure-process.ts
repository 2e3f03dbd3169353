// Runs a command as a real child process, from a disk with no writeback pending, and measures its
// wall time and peak memory:
// - GNU time's maximum RSS (%M): wait4's ru_maxrss, which covers the process and every descendant
//   it reaped, so for the CLI it is the larger of the CLI and its worker;
// - the high-water mark (VmHWM) of every process of the tree, read from /proc while it runs
//   (VmHWM only grows, so the last reading before a process exits is its peak give or take the
//   final poll interval).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { makeTemp } from './common.ts'

const GNU_TIME = '/usr/bin/time'

export interface ProcessPeak {
  pid: number
  name: string
  /** Peak resident set (VmHWM), KiB. */
  hwmKb: number
  /** The command line's script, to tell the CLI from its worker. */
  role: string
}

export interface MeasuredRun {
  wallMs: number
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** GNU time %M of the whole tree (KiB), null when GNU time is missing. */
  treeMaxRssKb: number | null
  /**
   * GNU time %U + %S (ms): CPU time of the process and every descendant it reaped. Less moved by
   * other load on the machine than wall time; null when GNU time is missing.
   */
  cpuMs: number | null
  /** Per process, from /proc polling. */
  peaks: ProcessPeak[]
}

export interface MeasureOptions {
  stdinFile?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  pollMs?: number
  /** Tell processes apart by their command line (e.g. CLI vs worker). */
  roleOf?: (cmdline: string[]) => string
}

let timeDir: string | null = null
let runs = 0

function childrenOf(pid: number): number[] {
  const out: number[] = []
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return out
  }
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
      if (text) for (const child of text.split(/\s+/)) out.push(Number(child))
    } catch {
      // the task ended meanwhile
    }
  }
  return out
}

function readPeak(pid: number): { name: string; hwmKb: number; cmdline: string[] } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?'
    const hwm = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0)
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    return { name, hwmKb: hwm, cmdline }
  } catch {
    return null
  }
}

export function runMeasured(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<MeasuredRun> {
  const useTime = existsSync(GNU_TIME)
  timeDir ??= makeTemp('time')
  const timeFile = join(timeDir, `time-${++runs}.txt`)
  const file = useTime ? GNU_TIME : command
  const argv = useTime ? ['-f', '%e %M %U %S', '-o', timeFile, command, ...args] : [...args]
  const stdinFd = options.stdinFile ? openSync(options.stdinFile, 'r') : null
  // Untimed: the dirty pages earlier runs (or a just generated file) left are written back now,
  // so no run pays for another's writeback while it commits and syncs its own.
  execFileSync('sync')
  const started = performance.now()
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'],
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  const peaks = new Map<number, ProcessPeak>()
  const rootPid = child.pid ?? -1
  const poll = () => {
    const queue = useTime ? childrenOf(rootPid) : [rootPid]
    while (queue.length > 0) {
      const pid = queue.shift()!
      const peak = readPeak(pid)
      if (!peak) continue
      queue.push(...childrenOf(pid))
      // A zombie (exited, not yet reaped) has no memory figures and an empty command line.
      if (peak.cmdline.length === 0 || peak.hwmKb === 0) continue
      // Between fork and exec a child still shows its parent's command line (and memory): the
      // latest reading decides the role, and exec starts a new high-water mark.
      const role = options.roleOf?.(peak.cmdline) ?? peak.name
      const known = peaks.get(pid)
      if (!known || known.role !== role || peak.hwmKb > known.hwmKb) peaks.set(pid, { pid, name: peak.name, hwmKb: peak.hwmKb, role })
    }
  }
  const timer = setInterval(poll, options.pollMs ?? 50)
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started
      clearInterval(timer)
      if (stdinFd !== null) closeSync(stdinFd)
      let treeMaxRssKb: number | null = null
      let cpuMs: number | null = null
      let exitCode = code
      if (useTime && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n')
        const last = lines[lines.length - 1]?.split(' ') ?? []
        treeMaxRssKb = Number(last[1]) || null
        cpuMs = last.length >= 4 ? (Number(last[2]) + Number(last[3])) * 1000 : null
        const status = /exited with non-zero status (\d+)/.exec(lines.join('\n'))
        if (status) exitCode = Number(status[1])
        rmSync(timeFile, { force: true })
      }
      resolve({
        wallMs,
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        treeMaxRssKb,
        cpuMs,
        peaks: [...peaks.values()],
      })
    })
  })
}

/** The largest VmHWM among processes whose role matches. */
export function peakOf(run: MeasuredRun, role: string): number | null {
  const matching = run.peaks.filter((p) => p.role === role)
  return matching.length ? Math.max(...matching.map((p) => p.hwmKb)) : null
}
