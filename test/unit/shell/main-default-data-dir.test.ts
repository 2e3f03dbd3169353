// main/index.ts with no --data-dir and no $IMPORTER_DATA_DIR: the data folder is
// <appData>/contacts-importer (package.json "name"), where the CLI looks too, and not Electron's
// default userData, which is named after productName ("Contacts Importer").
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { APP_NAME } from '../../../main/data-dir.ts'
import { bootFakeMain, waitFor } from './fake-main-process.ts'

const workDir = mkdtempSync(join(tmpdir(), 'importer-main-default-'))
after(() => rmSync(workDir, { recursive: true, force: true }))
const { app } = await bootFakeMain(workDir, null)

test('the default data folder is <appData>/contacts-importer, set as userData before ready', async () => {
  assert.equal(APP_NAME, 'contacts-importer')
  assert.deepEqual(app.setPathCalls, [['userData', join(app.getPath('appData'), 'contacts-importer')]])
  app.quit()
  await waitFor(() => app.exitCode !== null, 'app.exit')
})
