// main/index.ts end to end under node: a fake of Electron's app, window, ipcMain, dialogs, menu and
// notifications, and a utilityProcess stand-in that runs the REAL worker (main/worker/index.ts) in a
// child process. Checks the wiring: data dir, sandbox, single instance, IPC with sender checks, an
// import to completion with updates, taskbar progress and a notification, second instance, quit.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { after, test } from 'node:test'
import { channelOf } from '../../../preload/api.ts'
import type { StartResult } from '../../../preload/api.ts'
import { FakeBrowserWindow, FakeNotification, appPageUrl, bootFakeMain, root, waitFor } from './fake-main-process.ts'

const workDir = mkdtempSync(join(tmpdir(), 'importer-main-'))
const dataDir = join(workDir, 'data')
after(() => rmSync(workDir, { recursive: true, force: true }))
const { app, ipcMain, forks, worker } = await bootFakeMain(workDir, dataDir)

// ---- the tests -------------------------------------------------------------------------------

test('before ready: data dir as userData, sandbox for all renderers, single-instance lock', () => {
  assert.deepEqual(app.setPathCalls, [['userData', dataDir]])
  assert.equal(app.sandboxEnabled, true)
  assert.equal(app.lockRequested, true)
  assert.equal(FakeBrowserWindow.all.length, 0)
})

test('on ready: the worker is forked from worker.js beside main, the window loads the page, IPC answers', async () => {
  app.becomeReady()
  await waitFor(() => ipcMain.handlers.size > 0 && FakeBrowserWindow.all.length > 0, 'the window and IPC')
  assert.equal(forks.length, 1)
  assert.equal(basename(forks[0].modulePath), 'worker.js')
  assert.equal(dirname(forks[0].modulePath), join(root, 'main'))
  assert.deepEqual(forks[0].args, ['--data-dir', dataDir, '--stall-warning-ms', '3000', '--heartbeat-ms', '1000'])
  const win = FakeBrowserWindow.all[0]
  assert.deepEqual(win.loaded, [join(root, 'renderer/index.html')])
  assert.equal((win.options.webPreferences as Record<string, unknown>).preload, join(root, 'preload/index.cjs'))
  assert.deepEqual(await ipcMain.invoke(appPageUrl, channelOf('list')), [])
  await assert.rejects(ipcMain.invoke('https://evil.example/', channelOf('list')), /Refused/)
})

test('an import started through IPC completes: updates to the page, progress bar, a notification', { timeout: 60_000 }, async () => {
  const csv = join(workDir, 'contacts.csv')
  writeFileSync(csv, 'email,first_name,last_name\nana@example.com,Ana,Lima\nbo@example.com,Bo,Chen\nbad,Cy,Diaz\n')
  const started = await ipcMain.invoke<StartResult>(appPageUrl, channelOf('startFile'), csv)
  assert.ok(started.ok, JSON.stringify(started))
  const notice = await waitFor(() => FakeNotification.shown.at(0), 'the notification')
  assert.deepEqual(notice, { title: 'contacts.csv imported', body: 'Done: 2 imported (2 new, 0 updated), 1 error' })
  const win = FakeBrowserWindow.all[0]
  assert.ok(win.webContents.sent.every(([channel]) => channel === channelOf('update')))
  assert.ok(win.webContents.sent.some(([, u]) => u.id === started.import.id && u.status === 'completed'))
  assert.deepEqual(win.progress.at(-1), [-1, { mode: 'none' }])
})

test('no OS notification while the person is looking at the window', { timeout: 60_000 }, async () => {
  const win = FakeBrowserWindow.all[0]
  const shownBefore = FakeNotification.shown.length
  const csv = join(workDir, 'watched.csv')
  writeFileSync(csv, 'email,first_name,last_name\ncy@example.com,Cy,Diaz\n')
  win.hasFocus = true
  try {
    const started = await ipcMain.invoke<StartResult>(appPageUrl, channelOf('startFile'), csv)
    assert.ok(started.ok, JSON.stringify(started))
    await waitFor(() => win.webContents.sent.some(([, u]) => u.id === started.import.id && u.status === 'completed'), 'the completed update')
    assert.equal(FakeNotification.shown.length, shownBefore)
  } finally {
    win.hasFocus = false
  }
})

test('a second instance focuses the window', () => {
  const win = FakeBrowserWindow.all[0]
  const before = win.focused
  app.emit('second-instance', {}, [], workDir, {})
  assert.equal(win.focused, before + 1)
})

test('quit: before-quit is held until the worker has stopped, then the app exits 0', { timeout: 30_000 }, async () => {
  const child = worker()!.child
  app.quit()
  assert.equal(app.exitCode, null, 'quit was held')
  app.quit()
  await waitFor(() => app.exitCode !== null, 'app.exit')
  assert.equal(app.exitCode, 0)
  assert.notEqual(child.exitCode ?? child.signalCode, null, 'the worker process has ended')
  assert.equal(ipcMain.handlers.size, 0, 'handlers removed')
})
