// main/index.ts when the worker cannot start (here: a database from a newer version of the app):
// the person is told why and offered Try Again, which starts the service once the cause is gone.
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { channelOf } from '../../../preload/api.ts'
import { databasePath } from '../../../main/db/open.ts'
import { appPageUrl, bootFakeMain, waitFor } from './fake-main-process.ts'

const workDir = mkdtempSync(join(tmpdir(), 'importer-main-failure-'))
const dataDir = join(workDir, 'data')
after(() => rmSync(workDir, { recursive: true, force: true }))
mkdirSync(dataDir)
const newer = new Database(databasePath(dataDir))
newer.pragma('user_version = 99')
newer.close()
const { app, ipcMain, forks, messageBoxes } = await bootFakeMain(workDir, dataDir)

test('the reason is shown with Try Again; once the cause is gone, Try Again starts the importer', { timeout: 60_000 }, async () => {
  app.becomeReady()
  const box = await waitFor(() => messageBoxes.at(0), 'the message box')
  assert.equal(box.options.message, 'The importer could not start')
  assert.match(box.options.detail ?? '', /newer version of the app \(schema 99/)
  assert.deepEqual(box.options.buttons, ['Try Again', 'Quit'])
  await assert.rejects(ipcMain.invoke(appPageUrl, channelOf('list')), /newer version/)

  rmSync(databasePath(dataDir))
  box.answer(0)
  await waitFor(() => forks.length === 2, 'a second worker')
  assert.deepEqual(await ipcMain.invoke(appPageUrl, channelOf('list')), [])
  assert.equal(messageBoxes.length, 1)

  app.quit()
  await waitFor(() => app.exitCode !== null, 'app.exit')
  assert.equal(app.exitCode, 0)
})
