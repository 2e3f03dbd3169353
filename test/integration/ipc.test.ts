// registerIpc against a REAL ImportService (real worker in a child process, real SQLite in a temp
// data dir), through a stand-in for ipcMain that invokes the handlers with fake events whose
// senderFrame.url the test controls. Only Electron's transport is replaced.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { MAIN_METHODS, channelOf } from '../../preload/api.ts'
import type { ErrorPage, ExportResult, ImportSummary, StartResult } from '../../preload/api.ts'
import { createSenderPolicy, registerIpc } from '../../main/ipc.ts'
import type { InvokeEventLike, InvokeListener, IpcMainLike } from '../../main/ipc.ts'
import { forkWorker } from '../../main/service/child-process-port.ts'
import { ImportService } from '../../main/service/import-service.ts'

/** Records handlers like ipcMain and calls them like ipcRenderer.invoke would. */
class IpcMainStandIn implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>()
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  async invoke<T>(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<T> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    // Electron passes arguments through the structured clone algorithm.
    return (await handler(event, ...structuredClone(args))) as T
  }
}

const root = mkdtempSync(join(tmpdir(), 'importer-ipc-'))
const dataDir = join(root, 'data')
const files = join(root, 'files')
mkdirSync(files)
const indexHtmlPath = join(root, 'app', 'out', 'renderer', 'index.html')
const appPage: InvokeEventLike = { senderFrame: { url: pathToFileURL(indexHtmlPath).href, parent: null } }
const devPage: InvokeEventLike = { senderFrame: { url: 'http://localhost:5173/', parent: null } }

const ipc = new IpcMainStandIn()
const service = new ImportService({ dataDir, spawnWorker: (options) => forkWorker(options) })
const updates: ImportSummary[] = []
const openDialogAnswers: Array<string[] | null> = []
let unregister: () => void = () => {}

before(() => {
  const started = service.start()
  unregister = registerIpc(ipc, service, {
    isTrustedSender: createSenderPolicy({ indexHtmlPath, devServerUrl: 'http://localhost:5173' }),
    ready: started,
    openFileDialog: () => Promise.resolve(openDialogAnswers.shift() ?? null),
    saveFileDialog: (defaultName) => Promise.resolve(join(files, defaultName)),
    showItemInFolder: () => {},
    sendUpdate: (update) => updates.push(update),
    warn: () => {},
  })
  return started
})

after(async () => {
  unregister()
  await service.shutdown(5000)
  rmSync(root, { recursive: true, force: true })
})

function writeCsv(name: string, lines: string[]): string {
  const path = join(files, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function waitForEnd(id: number, timeoutMs = 30_000): Promise<ImportSummary> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const list = await ipc.invoke<ImportSummary[]>(appPage, channelOf('list'))
    const summary = list.find((s) => s.id === id)
    if (summary && (summary.status === 'completed' || summary.status === 'failed' || summary.status === 'cancelled')) return summary
    if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${JSON.stringify(summary)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

test('a sender from another origin, another file page, a sub-frame or a gone frame is refused', async () => {
  const foreign: InvokeEventLike[] = [
    { senderFrame: { url: 'https://evil.example/index.html', parent: null } },
    { senderFrame: { url: 'http://localhost:5174/', parent: null } },
    { senderFrame: { url: pathToFileURL(join(root, 'elsewhere.html')).href, parent: null } },
    { senderFrame: { url: appPage.senderFrame!.url, parent: {} } },
    { senderFrame: null },
  ]
  const csv = writeCsv('never.csv', ['email,first_name,last_name', 'a@b.co,A,B'])
  for (const event of foreign) {
    await assert.rejects(ipc.invoke(event, channelOf('list')), /Refused importer:list/)
    await assert.rejects(ipc.invoke(event, channelOf('startFile'), csv), /Refused importer:startFile/)
  }
  assert.deepEqual(await ipc.invoke(devPage, channelOf('list')), await ipc.invoke(appPage, channelOf('list')))
  assert.equal(service.list().some((s) => s.fileName === 'never.csv'), false)
})

test('arguments are validated before the service sees them', async () => {
  await assert.rejects(ipc.invoke(appPage, channelOf('get'), '1'), /id must be a positive integer/)
  await assert.rejects(ipc.invoke(appPage, channelOf('get'), 0), /id must be a positive integer/)
  await assert.rejects(ipc.invoke(appPage, channelOf('pause'), 1.5), /id must be a positive integer/)
  await assert.rejects(ipc.invoke(appPage, channelOf('errors'), 1, -1, 10), /offset/)
  await assert.rejects(ipc.invoke(appPage, channelOf('errors'), 1, 0, 100_000), /limit/)
  await assert.rejects(ipc.invoke(appPage, channelOf('startFile'), 'relative/contacts.csv'), /absolute/)
  await assert.rejects(ipc.invoke(appPage, channelOf('startFile'), { path: '/etc/passwd' }), /must be a string/)
  await assert.rejects(ipc.invoke(appPage, channelOf('list'), 'extra'), /takes 0 arguments/)
  assert.equal(await ipc.invoke(appPage, channelOf('get'), 999_999), null)
})

test('a folder is refused with a clear message and creates no import', async () => {
  const folder = join(files, 'exports.csv')
  mkdirSync(folder)
  const before = service.list().length
  const result = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), folder)
  assert.deepEqual(result, {
    ok: false,
    fileName: 'exports.csv',
    message: '"exports.csv" is a folder. Choose a CSV file instead.',
  })
  const missing = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), join(files, 'gone.csv'))
  assert.ok(!missing.ok)
  assert.match(missing.message, /could not be found/)
  assert.equal(service.list().length, before)
})

test('a compromised page gets no file content back: system files and other names are refused, creating no import', async () => {
  // Before: /etc/passwd was a readable regular file, so it was imported, failed for its headers and
  // its first line came back in the summary's fileHeaders.
  const secret = readFileSync('/etc/passwd', 'utf8').split('\n')[0]
  const disguised = join(files, 'passwd.csv')
  symlinkSync('/etc/passwd', disguised)
  const updatesBefore = updates.length
  const importsBefore = service.list().length
  const refusals: Array<[string, RegExp]> = [
    ['/etc/passwd', /^"passwd" is not a CSV file: only files named \.csv, \.tsv, \.txt can be imported/],
    [disguised, /^"passwd\.csv" \(it is passwd\) is not a CSV file/],
    ['/proc/self/environ', /system folder/],
    ['/dev/zero', /system folder/],
  ]
  for (const [path, message] of refusals) {
    const result = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), path)
    assert.equal(result.ok, false, path)
    assert.match((result as { message: string }).message, message, path)
    assert.ok(!JSON.stringify(result).includes(secret), path)
  }
  openDialogAnswers.push(['/etc/passwd'])
  const chosen = await ipc.invoke<StartResult[]>(appPage, channelOf('chooseFile'))
  assert.equal(chosen[0].ok, false)
  const everything = JSON.stringify([await ipc.invoke(appPage, channelOf('list')), updates.slice(updatesBefore)])
  assert.ok(!everything.includes(secret) && !everything.includes('/etc/passwd'), everything)
  assert.equal(service.list().length, importsBefore)
})

test('fileHeaders reach the window only when the headers are what failed', { timeout: 60_000 }, async () => {
  const good = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), writeCsv('headers-ok.csv', ['email,first_name,last_name', 'h@b.co,H,B']))
  const bad = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), writeCsv('headers-bad.txt', ['email,first_name,last_name,Email', 'h@b.co,H,B,x@b.co']))
  assert.ok(good.ok && bad.ok)
  const [done, failed] = [await waitForEnd(good.import.id), await waitForEnd(bad.import.id)]
  assert.deepEqual([done.status, done.fileHeaders], ['completed', null])
  assert.deepEqual([failed.failureReason, failed.fileHeaders], ['duplicate_header', ['email', 'first_name', 'last_name', 'Email']])
})

test('a real CSV started through the handler completes; errors page and export work through IPC', { timeout: 60_000 }, async () => {
  const csv = writeCsv('contacts.csv', [
    'email,first_name,last_name',
    'ana@example.com,Ana,Lima',
    'bo@example.com,Bo,Chen',
    'not-an-email,Cy,Diaz',
    'ANA@example.com,Ana,Lima-Souza',
    'dee@example.com,Dee,',
    'eve@example.com,Eve,Moss',
  ])
  const started = await ipc.invoke<StartResult>(appPage, channelOf('startFile'), csv)
  assert.ok(started.ok, JSON.stringify(started))
  const id = started.import.id
  assert.equal(started.import.fileName, 'contacts.csv')

  const done = await waitForEnd(id)
  assert.equal(done.status, 'completed', JSON.stringify(done))
  assert.equal(done.totalRows, 6)
  assert.equal(done.processedCount, 4)
  assert.equal(done.createdCount, 3)
  assert.equal(done.updatedCount, 1)
  assert.equal(done.errorCount, 2)

  const fromGet = await ipc.invoke<ImportSummary | null>(appPage, channelOf('get'), id)
  assert.equal(fromGet?.status, 'completed')

  const page = await ipc.invoke<ErrorPage>(appPage, channelOf('errors'), id, 0, 10)
  assert.equal(page.total, 2)
  assert.deepEqual(page.rows.map((r) => [r.rowNumber, r.code]), [[3, 'invalid_email'], [5, 'missing_value']])
  const second = await ipc.invoke<ErrorPage>(appPage, channelOf('errors'), id, 1, 1)
  assert.deepEqual(second.rows.map((r) => r.rowNumber), [5])

  const exported = await ipc.invoke<ExportResult>(appPage, channelOf('exportErrors'), id)
  assert.deepEqual(exported, { ok: true, path: join(files, 'contacts-errors.csv'), rows: 2 })
  assert.ok(existsSync(join(files, 'contacts-errors.csv')))
  assert.match(readFileSync(join(files, 'contacts-errors.csv'), 'utf8'), /not-an-email/)

  // The update sink heard about it (coalesced, so at least the final state).
  const deadline = Date.now() + 5000
  while (!updates.some((u) => u.id === id && u.status === 'completed') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  assert.ok(updates.some((u) => u.id === id && u.status === 'completed'), 'a completed update reached sendUpdate')
})

test('chooseFile: cancel → null; chosen files are checked and started', { timeout: 60_000 }, async () => {
  openDialogAnswers.push(null)
  assert.equal(await ipc.invoke(appPage, channelOf('chooseFile')), null)

  const csv = writeCsv('picked.csv', ['email,first_name,last_name', 'fay@example.com,Fay,Ng'])
  openDialogAnswers.push([csv, files])
  const results = await ipc.invoke<StartResult[]>(appPage, channelOf('chooseFile'))
  assert.equal(results.length, 2)
  assert.ok(results[0].ok)
  assert.ok(!results[1].ok)
  assert.match(results[1].message, /is a folder/)
  const done = await waitForEnd(results[0].import.id)
  assert.equal(done.status, 'completed')
  assert.equal(done.createdCount + done.updatedCount, 1)
})

test('one handler per invoke channel; after unregister none answers', async () => {
  const channels = Object.keys(MAIN_METHODS).map((method) => channelOf(method as keyof typeof MAIN_METHODS))
  assert.deepEqual([...ipc.handlers.keys()].sort(), [...channels].sort())
  unregister()
  assert.equal(ipc.handlers.size, 0)
  await assert.rejects(ipc.invoke(appPage, channelOf('list')), /No handler registered/)
})
