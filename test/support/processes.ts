// Helpers for tests that run real child processes.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { prng } from './csv-gen.ts'

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface RunningChild {
  child: ChildProcess
  lines: string[]
  /** Resolves with the first stdout line matching the predicate. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node script ...args` on the Node running the tests, collecting stdout lines. */
export function startNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningChild {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: (line: string) => void }> = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  return {
    child,
    lines,
    exited,
    waitForLine(predicate, timeoutMs = 20_000) {
      const seen = lines.find(predicate)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms; got: ${lines.join(' | ')}`)), timeoutMs)
        waiters.push({ predicate, resolve: (line) => { clearTimeout(timer); resolve(line) } })
        void exited.then(() => setTimeout(() => { clearTimeout(timer); reject(new Error(`process exited before a matching line; got: ${lines.join(' | ')}`)) }, 50))
      })
    },
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Resolves once `condition` holds, looking every 10 ms: for states another process commits, which
 * send no event here. The deadline only bounds a test that is broken; a busy machine stays far inside it.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`)
    await sleep(10)
  }
}

/** A seeded random source for a test's choices (kill instants); prints its seed, and TEST_SEED repeats a run. */
export function seededRandom(name: string): () => number {
  const seed = Number(process.env.TEST_SEED) || Math.floor(Math.random() * 2 ** 31)
  console.log(`# ${name}: random seed ${seed} (TEST_SEED=${seed} repeats it)`)
  return prng(seed)
}
