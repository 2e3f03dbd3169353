// main/utility-port.ts with utilityProcess.fork replaced: first by a recording fake, then by a
// stand-in backed by a real child process, so the port's plumbing (stdio lines, messages, exit
// once, kill) runs against a real process.
import assert from 'node:assert/strict'
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { after, test } from 'node:test'
import { installFakeElectron } from './fake-electron.ts'

installFakeElectron({
  utilityProcess: {
    fork() {
      throw new Error('tests pass their own fork')
    },
  },
})
const { utilityPort, WORKER_SERVICE_NAME } = await import('../../../main/utility-port.ts')
const { WORKER_BUNDLE } = await import('../../../main/built-paths.ts')
type Fork = NonNullable<Parameters<typeof utilityPort>[1]>['fork']
type Port = ReturnType<typeof utilityPort>

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242
  stdout = new PassThrough()
  stderr = new PassThrough()
  posted: unknown[] = []
  killed = 0
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  kill() {
    this.killed++
    return true
  }
}

/** Just enough of Electron's UtilityProcess, over a real child process. */
class ChildBackedUtilityProcess extends EventEmitter {
  readonly child: ChildProcess
  readonly stdout
  readonly stderr
  constructor(modulePath: string, args: string[], env: NodeJS.ProcessEnv) {
    super()
    this.child = fork(modulePath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    this.stdout = this.child.stdout
    this.stderr = this.child.stderr
    this.child.on('message', (message) => this.emit('message', message))
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 143 : 0)))
  }
  get pid() {
    return this.child.pid
  }
  postMessage(message: unknown) {
    this.child.send(message as object)
  }
  kill() {
    return this.child.kill('SIGTERM')
  }
}

const dir = mkdtempSync(join(tmpdir(), 'importer-utility-port-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function tick() {
  return new Promise((resolve) => setImmediate(resolve))
}

test('forks <bundleDir>/worker.js with the data dir as flag and env, piped stdio and a service name', () => {
  const calls: unknown[][] = []
  const fake = new FakeUtilityProcess()
  utilityPort({ dataDir: '/data/x' }, {
    fork: ((...args: unknown[]) => {
      calls.push(args)
      return fake
    }) as unknown as Fork,
    bundleDir: '/app/out/main',
    env: { PATH: '/bin' },
    log: () => {},
  })
  assert.equal(calls.length, 1)
  const [modulePath, args, options] = calls[0] as [string, string[], Record<string, unknown>]
  assert.equal(modulePath, join('/app/out/main', WORKER_BUNDLE))
  assert.equal(WORKER_BUNDLE, 'worker.js')
  assert.deepEqual(args, ['--data-dir', '/data/x'])
  assert.deepEqual(options, {
    serviceName: WORKER_SERVICE_NAME,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: '/bin', IMPORTER_DATA_DIR: '/data/x' },
  })
})

test('exit reaches every listener once, late listeners too; send and kill after exit do nothing', async () => {
  const fake = new FakeUtilityProcess()
  const port = utilityPort({ dataDir: '/d' }, { fork: (() => fake) as unknown as Fork, bundleDir: '/b', env: {}, log: () => {} })
  const exits: Array<number | null> = []
  port.onExit((code) => exits.push(code))
  port.send({ kind: 'shutdown' })
  assert.deepEqual(fake.posted, [{ kind: 'shutdown' }])
  assert.equal(port.pid, 4242)
  fake.emit('exit', 3)
  fake.emit('exit', 3)
  port.onExit((code) => exits.push(code))
  await tick()
  assert.deepEqual(exits, [3, 3])
  assert.equal(port.pid, undefined)
  port.send({ kind: 'shutdown' })
  port.kill()
  assert.equal(fake.posted.length, 1)
  assert.equal(fake.killed, 0)
})

test('messages reach onMessage listeners; stdout and stderr reach the log line by line', async () => {
  const fake = new FakeUtilityProcess()
  const lines: string[] = []
  const port = utilityPort({ dataDir: '/d' }, {
    fork: (() => fake) as unknown as Fork,
    bundleDir: '/b',
    env: {},
    log: (stream, line) => lines.push(`${stream}: ${line}`),
  })
  const messages: unknown[] = []
  port.onMessage((m) => messages.push(m))
  fake.emit('message', { kind: 'ready', pid: 1 })
  fake.stdout.write('one\ntw')
  fake.stdout.write('o\n')
  fake.stderr.write('oops\r\n')
  await tick()
  assert.deepEqual(messages, [{ kind: 'ready', pid: 1 }])
  assert.deepEqual(lines.sort(), ['stderr: oops', 'stdout: one', 'stdout: two'])
})

test('over a real process: a request and its response, log lines, kill → one exit', async () => {
  const worker = join(dir, WORKER_BUNDLE)
  writeFileSync(
    worker,
    `console.log('worker up, data dir ' + process.env.IMPORTER_DATA_DIR + ' ' + process.argv.slice(2).join(' '))
     console.error('a warning')
     process.send({ kind: 'ready', pid: process.pid })
     process.on('message', (m) => {
       if (m.kind === 'request') process.send({ kind: 'response', seq: m.seq, ok: true, result: { echoed: m.request } })
     })
     setInterval(() => {}, 1000)
    `,
  )
  const lines: string[] = []
  let child: ChildBackedUtilityProcess | undefined
  const port: Port = utilityPort({ dataDir: dir }, {
    fork: ((modulePath: string, args: string[], options: { env: NodeJS.ProcessEnv }) => {
      child = new ChildBackedUtilityProcess(modulePath, args, options.env)
      return child
    }) as unknown as Fork,
    bundleDir: dir,
    env: process.env,
    log: (stream, line) => lines.push(`${stream}: ${line}`),
  })
  const messages: Array<{ kind: string }> = []
  const response = new Promise<void>((resolve) =>
    port.onMessage((m) => {
      messages.push(m)
      if (m.kind === 'response') resolve()
    }),
  )
  const exited = new Promise<number | null>((resolve) => port.onExit(resolve))
  port.send({ kind: 'request', seq: 1, request: { method: 'resumeUnfinished', params: {} } })
  await response
  assert.deepEqual(messages[0], { kind: 'ready', pid: child?.pid })
  assert.deepEqual(messages[1], { kind: 'response', seq: 1, ok: true, result: { echoed: { method: 'resumeUnfinished', params: {} } } })
  port.kill()
  assert.equal(await exited, 143)
  assert.ok(lines.includes(`stdout: worker up, data dir ${dir} --data-dir ${dir}`), lines.join('\n'))
  assert.ok(lines.includes('stderr: a warning'))
})
