import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { assertTrustedSender, createSenderPolicy, RefusedSenderError } from '../../../main/ipc.ts'

const indexHtmlPath = join('/opt/Contacts Importer/resources/app/out/renderer', 'index.html')
const appUrl = pathToFileURL(indexHtmlPath).href

test('production: only the app page over file:// is trusted', () => {
  const trusted = createSenderPolicy({ indexHtmlPath })
  assert.equal(trusted(appUrl), true)
  assert.equal(trusted(`${appUrl}#/imports/3`), true)
  assert.equal(trusted(`${appUrl}?x=1`), true)
  assert.equal(appUrl.includes('%20'), true, 'the space in the path is percent-encoded in the URL')

  assert.equal(trusted(pathToFileURL('/opt/Contacts Importer/resources/app/out/renderer/other.html').href), false)
  assert.equal(trusted(pathToFileURL('/tmp/index.html').href), false)
  assert.equal(trusted('file://evil.example/opt/Contacts%20Importer/resources/app/out/renderer/index.html'), false)
  assert.equal(trusted('http://localhost:5173/'), false, 'no dev server configured')
  assert.equal(trusted('https://example.com/'), false)
  assert.equal(trusted('about:blank'), false)
  assert.equal(trusted('data:text/html,<script>1</script>'), false)
  assert.equal(trusted(''), false)
  assert.equal(trusted('not a url'), false)
})

test('development: the dev server origin is trusted, nothing else', () => {
  const trusted = createSenderPolicy({ indexHtmlPath, devServerUrl: 'http://localhost:5173/' })
  assert.equal(trusted('http://localhost:5173/'), true)
  assert.equal(trusted('http://localhost:5173/index.html#x'), true)
  assert.equal(trusted(appUrl), true)
  assert.equal(trusted('http://localhost:5174/'), false)
  assert.equal(trusted('https://localhost:5173/'), false)
  assert.equal(trusted('http://127.0.0.1:5173/'), false)
  assert.equal(trusted('http://localhost.evil.example:5173/'), false)
  assert.equal(trusted('ws://localhost:5173/'), false)
})

test('a dev server URL that is not http(s) is a configuration error', () => {
  assert.throws(() => createSenderPolicy({ devServerUrl: 'file:///tmp/' }), TypeError)
})

test('assertTrustedSender refuses a missing frame, a sub-frame and a foreign page', () => {
  const trusted = createSenderPolicy({ indexHtmlPath })
  assert.doesNotThrow(() => assertTrustedSender({ senderFrame: { url: appUrl, parent: null } }, 'importer:list', trusted))
  assert.doesNotThrow(() => assertTrustedSender({ senderFrame: { url: appUrl } }, 'importer:list', trusted))
  assert.throws(() => assertTrustedSender({ senderFrame: null }, 'importer:list', trusted), RefusedSenderError)
  assert.throws(
    () => assertTrustedSender({ senderFrame: { url: appUrl, parent: { url: appUrl } } }, 'importer:list', trusted),
    /sub-frame/,
  )
  assert.throws(
    () => assertTrustedSender({ senderFrame: { url: 'https://evil.example/' } }, 'importer:list', trusted),
    /Refused importer:list from a page that is not the importer/,
  )
})
