// The WorkerPort over child_process.fork, at the edges: a worker that dies while the host is still
// sending to it reports its exit once, and the failed writes do not crash the host.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { WORKER_HEAP_FLAGS, forkWorker } from '../../../main/service/child-process-port.ts'
import { tempDir } from '../../support/processes.ts'

test('sending to a worker that is dying neither throws nor crashes the host; its exit comes once', async () => {
  const dir = tempDir('child-port')
  try {
    const entry = join(dir.dir, 'waits.mjs')
    writeFileSync(entry, "process.send('up'); setInterval(() => {}, 1000)\n")
    const port = forkWorker({ dataDir: dir.dir, entry })
    await new Promise<void>((resolve) => port.onMessage(() => resolve()))
    const exits: Array<number | null> = []
    const exited = new Promise<void>((resolve) => port.onExit((code) => (exits.push(code), resolve())))
    process.kill(port.pid!, 'SIGKILL')
    // Before this process hears of the death, the channel still looks connected: the write fails.
    const until = Date.now() + 100
    while (Date.now() < until) {
      // busy: no events are processed
    }
    port.send({ kind: 'shutdown' })
    await exited
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual(exits, [128])
  } finally {
    dir.remove()
  }
})

test('the worker runs with the heap flags that keep its young generation small', async () => {
  const dir = tempDir('child-port')
  try {
    const entry = join(dir.dir, 'reports.mjs')
    writeFileSync(entry, "process.send({ execArgv: process.execArgv })\n")
    const port = forkWorker({ dataDir: dir.dir, entry })
    const report = await new Promise<unknown>((resolve) => port.onMessage((message) => resolve(message)))
    const exited = new Promise<void>((resolve) => port.onExit(() => resolve()))
    port.kill()
    await exited
    const { execArgv } = report as { execArgv: string[] }
    for (const flag of WORKER_HEAP_FLAGS) assert.ok(execArgv.includes(flag), `${flag} in ${execArgv.join(' ')}`)
  } finally {
    dir.remove()
  }
})
