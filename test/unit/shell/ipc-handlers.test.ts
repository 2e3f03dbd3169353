// registerIpc's own rules (sender, arity, argument values, file checks, dialogs) against a
// recording stand-in for the service. The real service is exercised in test/integration/ipc.test.ts.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { MAIN_METHODS, channelOf } from '../../../preload/api.ts'
import type { ImportPreview, ImportSummary, MainHandlers, StartResult } from '../../../preload/api.ts'
import {
  createIpcHandlers,
  errorsFileName,
  expectAbsolutePath,
  expectId,
  expectLimit,
  expectOffset,
  MAX_ERROR_PAGE,
  registerIpc,
} from '../../../main/ipc.ts'
import type { InvokeEventLike, InvokeListener, IpcMainLike } from '../../../main/ipc.ts'
import type { ImportServiceApi } from '../../../main/service/types.ts'
import type { ReadingChoice } from '../../../main/worker/protocol.ts'

const dir = mkdtempSync(join(tmpdir(), 'importer-ipc-unit-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const csv = join(dir, 'contacts.csv')
writeFileSync(csv, 'email,first_name,last_name\na@b.co,A,B\n')
const folder = join(dir, 'a-folder.csv')
mkdirSync(folder)

const APP = 'file:///app/out/renderer/index.html'
const ok: InvokeEventLike = { senderFrame: { url: APP, parent: null } }
const foreign: InvokeEventLike = { senderFrame: { url: 'https://evil.example/', parent: null } }

function summary(id: number, fileName = 'contacts.csv'): ImportSummary {
  return {
    id, fileName, filePath: `/x/${fileName}`, fileSize: 10, status: 'completed', totalRows: 1, processedCount: 1,
    createdCount: 1, updatedCount: 0, errorCount: 0, rowsRead: 1, bytesRead: 10, failureReason: null,
    failureMessage: null, fileHeaders: null, detectedFormat: null, reading: null, createdAt: 0, startedAt: 0, finishedAt: 0, resumedAtRow: null,
    rowsPerSecond: null, secondsLeft: null, unresponsive: false, waitingFor: null, canRetry: false,
  }
}

class RecordingService implements ImportServiceApi {
  calls: Array<[string, ...unknown[]]> = []
  updateListeners = new Set<(u: ImportSummary) => void>()
  exportFails = false
  async start() {}
  /** Notes a call that answers nothing. */
  private record(...call: [string, ...unknown[]]): Promise<void> {
    this.calls.push(call)
    return Promise.resolve()
  }
  startImport(filePath: string, reading?: ReadingChoice): Promise<StartResult> {
    this.calls.push(reading === undefined ? ['startImport', filePath] : ['startImport', filePath, reading])
    return Promise.resolve({ ok: true, import: summary(1) })
  }
  preview(id: number, reading: ReadingChoice): Promise<ImportPreview> {
    this.calls.push(['preview', id, reading])
    return Promise.resolve({ encoding: 'utf-8', encodingTitle: 'UTF-8', headerLine: 1, skippedRecords: 0, columns: [], samples: [], mapping: {}, problem: null, rows: [] })
  }
  confirmMapping(id: number, mapping: NonNullable<ReadingChoice['mapping']>, encoding: string | null) {
    return this.record('confirmMapping', id, mapping, encoding)
  }
  importAgain(id: number, reading: ReadingChoice): Promise<StartResult> {
    this.calls.push(['importAgain', id, reading])
    return Promise.resolve({ ok: true, import: summary(2) })
  }
  list() {
    this.calls.push(['list'])
    return [summary(1)]
  }
  get(id: number) {
    this.calls.push(['get', id])
    return id === 404 ? null : summary(id)
  }
  pause(id: number) { return this.record('pause', id) }
  resume(id: number) { return this.record('resume', id) }
  cancel(id: number) { return this.record('cancel', id) }
  retry(id: number) { return this.record('retry', id) }
  remove(id: number) { return this.record('remove', id) }
  clearFinished() {
    this.calls.push(['clearFinished'])
    return Promise.resolve([1])
  }
  errors(id: number, offset: number, limit: number) {
    this.calls.push(['errors', id, offset, limit])
    return { importId: id, total: 0, offset, rows: [] }
  }
  throughput(id: number) {
    this.calls.push(['throughput', id])
    return [{ at: 1, rowsPerSecond: 10 }, { at: 2, rowsPerSecond: null }]
  }
  exportErrors(id: number, destination: string) {
    this.calls.push(['exportErrors', id, destination])
    return this.exportFails ? Promise.reject(new Error('disk full')) : Promise.resolve(7)
  }
  onUpdate(listener: (u: ImportSummary) => void) {
    this.updateListeners.add(listener)
    return () => this.updateListeners.delete(listener)
  }
  async shutdown() {}
}

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, InvokeListener>()
  handle(channel: string, listener: InvokeListener) {
    assert.ok(!this.handlers.has(channel), `second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return Promise.resolve().then(() => handler(event, ...args))
  }
}

function setup(overrides: { open?: string[] | null; save?: string | null } = {}) {
  const ipc = new FakeIpcMain()
  const service = new RecordingService()
  const sent: ImportSummary[] = []
  const warnings: string[] = []
  const dialogs: string[] = []
  const shown: string[] = []
  const unregister = registerIpc(ipc, service, {
    isTrustedSender: (url) => url === APP,
    openFileDialog: () => {
      dialogs.push('open')
      return Promise.resolve(overrides.open === undefined ? [csv] : overrides.open)
    },
    saveFileDialog: (name) => {
      dialogs.push(`save ${name}`)
      return Promise.resolve(overrides.save === undefined ? join(dir, name) : overrides.save)
    },
    showItemInFolder: (path) => shown.push(path),
    sendUpdate: (u) => sent.push(u),
    warn: (m) => warnings.push(m),
  })
  return { ipc, service, sent, warnings, dialogs, shown, unregister }
}

const invokeChannels = (Object.keys(MAIN_METHODS) as Array<keyof MainHandlers>).map((method) => channelOf(method))

test('one handler per invoke channel, all removed by the unregister function', () => {
  const { ipc, service, unregister } = setup()
  assert.deepEqual([...ipc.handlers.keys()].sort(), [...invokeChannels].sort())
  assert.equal(service.updateListeners.size, 1)
  unregister()
  unregister()
  assert.equal(ipc.handlers.size, 0)
  assert.equal(service.updateListeners.size, 0)
})

test('every channel refuses a foreign sender, a sub-frame and a gone frame before touching the service', async () => {
  const { ipc, service, warnings } = setup()
  for (const channel of invokeChannels) {
    await assert.rejects(ipc.invoke(channel, foreign, 1), /Refused/, channel)
    await assert.rejects(ipc.invoke(channel, { senderFrame: null }, 1), /Refused/, channel)
    await assert.rejects(ipc.invoke(channel, { senderFrame: { url: APP, parent: {} } }, 1), /sub-frame/, channel)
  }
  assert.deepEqual(service.calls, [])
  assert.equal(warnings.length, invokeChannels.length * 3)
  assert.match(warnings[0], /evil\.example/)
})

test('ids must be positive integers on every id channel', async () => {
  const { ipc, service } = setup()
  const bad: unknown[] = [0, -1, 1.5, NaN, Infinity, '1', null, undefined, {}, [1], 2 ** 53, true]
  for (const channel of [channelOf('get'), channelOf('pause'), channelOf('resume'), channelOf('cancel'), channelOf('retry'), channelOf('throughput'), channelOf('exportErrors')]) {
    for (const value of bad) {
      await assert.rejects(ipc.invoke(channel, ok, value), TypeError, `${channel} ${String(value)}`)
    }
  }
  assert.deepEqual(service.calls, [])
  await ipc.invoke(channelOf('pause'), ok, 12)
  assert.deepEqual(service.calls, [['pause', 12]])
})

test('arity is exact', async () => {
  const { ipc, service } = setup()
  await assert.rejects(ipc.invoke(channelOf('list'), ok, 'extra'), /takes 0 arguments, got 1/)
  await assert.rejects(ipc.invoke(channelOf('get'), ok), /takes 1 argument, got 0/)
  await assert.rejects(ipc.invoke(channelOf('get'), ok, 1, 2), /takes 1 argument, got 2/)
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, 0), /takes 3 arguments, got 2/)
  assert.deepEqual(service.calls, [])
})

test('errors: offset >= 0 and limit within 1..MAX_ERROR_PAGE', async () => {
  const { ipc, service } = setup()
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, -1, 10), /offset/)
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, 0.5, 10), /offset/)
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, 0, 0), /limit/)
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, 0, MAX_ERROR_PAGE + 1), /limit/)
  await assert.rejects(ipc.invoke(channelOf('errors'), ok, 1, '0', 10), /offset/)
  assert.deepEqual(service.calls, [])
  assert.deepEqual(await ipc.invoke(channelOf('errors'), ok, 2, 500, MAX_ERROR_PAGE), { importId: 2, total: 0, offset: 500, rows: [] })
  assert.deepEqual(service.calls, [['errors', 2, 500, MAX_ERROR_PAGE]])
})

test('startFile and chooseFile check argument shapes only: the service checks the file', async () => {
  const { ipc, service } = setup({ open: [csv, folder] })
  for (const value of [42, null, {}, ['/a'], '', 'relative/file.csv', '/a\0b']) {
    await assert.rejects(ipc.invoke(channelOf('startFile'), ok, value), TypeError, JSON.stringify(value))
  }
  assert.deepEqual(service.calls, [])
  const started = (await ipc.invoke(channelOf('startFile'), ok, csv)) as StartResult
  assert.equal(started.ok, true)
  assert.deepEqual(service.calls, [['startImport', csv, { waitForMapping: true }]])
  const chosen = (await ipc.invoke(channelOf('chooseFile'), ok)) as StartResult[]
  assert.equal(chosen.length, 2)
  assert.deepEqual(service.calls.slice(1), [['startImport', csv, { waitForMapping: true }], ['startImport', folder, { waitForMapping: true }]])
})

test('chooseFile: cancelled → null', async () => {
  assert.equal(await setup({ open: null }).ipc.invoke(channelOf('chooseFile'), ok), null)
  assert.equal(await setup({ open: [] }).ipc.invoke(channelOf('chooseFile'), ok), null)
})

test('exportErrors: proposes "<name>-errors.csv"; cancel, success and failure results', async () => {
  const cancelled = setup({ save: null })
  assert.deepEqual(await cancelled.ipc.invoke(channelOf('exportErrors'), ok, 3), { ok: false, cancelled: true })
  assert.deepEqual(cancelled.dialogs, ['save contacts-errors.csv'])

  const saved = setup()
  assert.deepEqual(await saved.ipc.invoke(channelOf('exportErrors'), ok, 3), { ok: true, path: join(dir, 'contacts-errors.csv'), rows: 7 })
  assert.deepEqual(saved.service.calls.at(-1), ['exportErrors', 3, join(dir, 'contacts-errors.csv')])

  const failing = setup()
  failing.service.exportFails = true
  const result = await failing.ipc.invoke(channelOf('exportErrors'), ok, 3)
  assert.deepEqual(result, { ok: false, cancelled: false, message: 'The errors could not be saved to "contacts-errors.csv": disk full' })

  const gone = setup()
  assert.deepEqual(await gone.ipc.invoke(channelOf('exportErrors'), ok, 404), {
    ok: false,
    cancelled: false,
    message: 'This import no longer exists.',
  })
  assert.deepEqual(gone.dialogs, [])
})

test('importAgain: the path comes from the import, never from the page', async () => {
  const { ipc, service } = setup()
  const guess = { mapping: {}, encoding: null }
  assert.equal(((await ipc.invoke(channelOf('importAgain'), ok, 3, guess)) as StartResult).ok, true)
  await assert.rejects(ipc.invoke(channelOf('importAgain'), ok, '/etc/passwd', guess), /id must be a positive integer/)
  // The service looks the file up by the import's id (ImportService.importAgain reads its own row).
  assert.deepEqual(service.calls, [['importAgain', 3, { mapping: {} }]])
})

test('remove and clearFinished reach the service', async () => {
  const { ipc, service } = setup()
  await ipc.invoke(channelOf('remove'), ok, 5)
  assert.deepEqual(await ipc.invoke(channelOf('clearFinished'), ok), [1])
  assert.deepEqual(service.calls, [['remove', 5], ['clearFinished']])
})

test('showInFolder: only a file this window exported', async () => {
  const { ipc, shown } = setup()
  const exported = join(dir, 'contacts-errors.csv')
  await assert.rejects(ipc.invoke(channelOf('showInFolder'), ok, exported), /Only a file this window exported/)
  await assert.rejects(ipc.invoke(channelOf('showInFolder'), ok, '/etc/passwd'), /Only a file this window exported/)
  await ipc.invoke(channelOf('exportErrors'), ok, 3)
  await ipc.invoke(channelOf('showInFolder'), ok, exported)
  assert.deepEqual(shown, [exported])
})

test('updates from the service reach the sink until unregistered', () => {
  const { service, sent, unregister } = setup()
  for (const listener of service.updateListeners) listener(summary(5))
  assert.deepEqual(sent.map((u) => u.id), [5])
  unregister()
  assert.equal(service.updateListeners.size, 0)
})

test('handlers wait for deps.ready, and report its failure', async () => {
  const ipc = new FakeIpcMain()
  const service = new RecordingService()
  let release!: () => void
  const ready = new Promise<void>((resolve) => (release = resolve))
  registerIpc(ipc, service, {
    isTrustedSender: (url) => url === APP,
    openFileDialog: () => Promise.resolve(null),
    saveFileDialog: () => Promise.resolve(null),
    showItemInFolder: () => {},
    sendUpdate: () => {},
    ready,
  })
  const pending = ipc.invoke(channelOf('list'), ok)
  await new Promise((r) => setTimeout(r, 10))
  assert.deepEqual(service.calls, [])
  release()
  assert.equal(((await pending) as unknown[]).length, 1)

  const failed = new FakeIpcMain()
  const never = Promise.reject(new Error('worker could not start'))
  never.catch(() => {})
  registerIpc(failed, service, { isTrustedSender: () => true, openFileDialog: () => Promise.resolve(null), saveFileDialog: () => Promise.resolve(null), showItemInFolder: () => {}, sendUpdate: () => {}, ready: never })
  await assert.rejects(failed.invoke(channelOf('list'), ok), /worker could not start/)
})

test('value validators', () => {
  assert.equal(expectId(1), 1)
  assert.equal(expectId(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER)
  assert.throws(() => expectId(0), /id must be a positive integer, got 0/)
  assert.throws(() => expectId('7'), /got a string/)
  assert.equal(expectOffset(0), 0)
  assert.throws(() => expectOffset(-0.1))
  assert.equal(expectLimit(1), 1)
  assert.throws(() => expectLimit(MAX_ERROR_PAGE + 1))
  assert.equal(expectAbsolutePath('/a/b.csv'), '/a/b.csv')
  assert.throws(() => expectAbsolutePath('x'.repeat(40_000)))
  assert.throws(() => expectAbsolutePath('./b.csv'), /absolute/)
})

test('errorsFileName', () => {
  assert.equal(errorsFileName('contacts-2026.csv'), 'contacts-2026-errors.csv')
  assert.equal(errorsFileName('leads'), 'leads-errors.csv')
  assert.equal(errorsFileName('a.b.tsv'), 'a.b-errors.csv')
  assert.equal(errorsFileName('.csv'), '.csv-errors.csv')
})

test('preview, confirmMapping and importAgain pass a checked column choice to the service', async () => {
  const service = new RecordingService()
  const handlers = createIpcHandlers(service, { openFileDialog: () => Promise.resolve(null), saveFileDialog: () => Promise.resolve(null), showItemInFolder: () => {} })
  const choice = { mapping: { email: 'E-Mail', name: 'Name' }, encoding: 'windows-1252' }
  await handlers.preview(3, choice)
  await handlers.confirmMapping(3, { mapping: { first_name: 'Vorname' }, encoding: null })
  await handlers.importAgain(3, choice)
  assert.deepEqual(service.calls, [
    ['preview', 3, { mapping: { email: 'E-Mail', name: 'Name' }, encoding: 'windows-1252' }],
    ['confirmMapping', 3, { first_name: 'Vorname' }, null],
    ['importAgain', 3, { mapping: { email: 'E-Mail', name: 'Name' }, encoding: 'windows-1252' }],
  ])
  assert.equal(MAIN_METHODS.preview, 2)
})
