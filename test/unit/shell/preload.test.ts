// The real preload/index.ts against a recording fake of contextBridge, ipcRenderer and webUtils.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { installFakeElectron } from './fake-electron.ts'
import { channelOf } from '../../../preload/api.ts'
import type { ImporterApi, ImportSummary } from '../../../preload/api.ts'

type Listener = (...args: unknown[]) => void

const exposed = new Map<string, unknown>()
const invokes: Array<{ channel: string; args: unknown[] }> = []
const listeners = new Map<string, Listener[]>()
const pathFor = new Map<object, string>()

installFakeElectron({
  contextBridge: {
    exposeInMainWorld(key: string, value: unknown) {
      exposed.set(key, value)
    },
  },
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]) {
      invokes.push({ channel, args })
      return Promise.resolve({ channel, args })
    },
    on(channel: string, listener: Listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
    },
    removeListener(channel: string, listener: Listener) {
      const list = listeners.get(channel) ?? []
      const index = list.indexOf(listener)
      if (index >= 0) list.splice(index, 1)
    },
  },
  webUtils: {
    getPathForFile(file: object) {
      if (!(file instanceof File)) throw new TypeError('Expected a File')
      return pathFor.get(file) ?? ''
    },
  },
})

await import('../../../preload/index.ts')
const api = exposed.get('importer') as ImporterApi

function emit(channel: string, ...args: unknown[]) {
  for (const listener of [...(listeners.get(channel) ?? [])]) listener(...args)
}

test('exposes window.importer only, with exactly the ImporterApi methods', () => {
  assert.deepEqual([...exposed.keys()], ['importer'])
  const expected: Array<keyof ImporterApi> = [
    'list', 'get', 'startDroppedFile', 'chooseFile', 'pause', 'resume', 'cancel', 'retry', 'errors', 'throughput', 'exportErrors',
    'preview', 'confirmMapping', 'importAgain', 'remove', 'clearFinished', 'showInFolder', 'onUpdate', 'onOpenFileRequested',
  ]
  assert.deepEqual(Object.keys(api).sort(), [...expected].sort())
  for (const key of expected) assert.equal(typeof api[key], 'function', key)
  assert.equal((api as unknown as Record<string, unknown>).ipcRenderer, undefined)
})

test('each method invokes its own channel with its arguments', async () => {
  invokes.length = 0
  await api.list()
  await api.get(3)
  await api.chooseFile()
  await api.pause(4)
  await api.resume(5)
  await api.cancel(6)
  await api.retry(7)
  await api.errors(8, 100, 50)
  await api.throughput(10)
  await api.exportErrors(9)
  await api.importAgain(11, { mapping: {}, encoding: null })
  await api.remove(12)
  await api.clearFinished()
  await api.showInFolder('/home/ana/contacts-errors.csv')
  assert.deepEqual(invokes, [
    { channel: channelOf('list'), args: [] },
    { channel: channelOf('get'), args: [3] },
    { channel: channelOf('chooseFile'), args: [] },
    { channel: channelOf('pause'), args: [4] },
    { channel: channelOf('resume'), args: [5] },
    { channel: channelOf('cancel'), args: [6] },
    { channel: channelOf('retry'), args: [7] },
    { channel: channelOf('errors'), args: [8, 100, 50] },
    { channel: channelOf('throughput'), args: [10] },
    { channel: channelOf('exportErrors'), args: [9] },
    { channel: channelOf('importAgain'), args: [11, { mapping: {}, encoding: null }] },
    { channel: channelOf('remove'), args: [12] },
    { channel: channelOf('clearFinished'), args: [] },
    { channel: channelOf('showInFolder'), args: ['/home/ana/contacts-errors.csv'] },
  ])
})

test('onOpenFileRequested: File › Open… from the menu reaches the page without its event; unsubscribe stops it', () => {
  let asked = 0
  const off = api.onOpenFileRequested((...args: unknown[]) => {
    assert.deepEqual(args, [])
    asked += 1
  })
  emit(channelOf('openFileRequested'), { sender: 'the ipcRenderer event' }, null)
  off()
  emit(channelOf('openFileRequested'), { sender: 'the ipcRenderer event' }, null)
  assert.equal(asked, 1)
})

test('startDroppedFile sends the path webUtils resolves, never the File', async () => {
  invokes.length = 0
  const file = new File(['email,first_name,last_name\n'], 'contacts.csv')
  pathFor.set(file, '/home/ana/contacts.csv')
  await api.startDroppedFile(file)
  assert.deepEqual(invokes, [{ channel: channelOf('startFile'), args: ['/home/ana/contacts.csv'] }])
})

test('startDroppedFile without a file on disk fails clearly and sends nothing', async () => {
  invokes.length = 0
  const file = new File(['x'], 'from-the-web.csv')
  const result = await api.startDroppedFile(file)
  assert.equal(result.ok, false)
  assert.ok(!result.ok)
  assert.equal(result.fileName, 'from-the-web.csv')
  assert.match(result.message, /This item has no file on disk/)
  assert.deepEqual(invokes, [])
})

test('startDroppedFile with something that is not a File fails clearly', async () => {
  invokes.length = 0
  const result = await api.startDroppedFile({ name: 'fake.csv' } as unknown as File)
  assert.ok(!result.ok)
  assert.equal(result.fileName, 'fake.csv')
  assert.match(result.message, /not a file/)
  assert.deepEqual(invokes, [])
})

test('onUpdate passes the summary only, and its unsubscribe removes exactly that listener', () => {
  const seenA: unknown[][] = []
  const seenB: unknown[][] = []
  const offA = api.onUpdate((...args) => seenA.push(args))
  const offB = api.onUpdate((...args) => seenB.push(args))
  const update = { id: 1, status: 'processing' } as ImportSummary
  const fakeEvent = { sender: 'the ipcRenderer event' }
  emit(channelOf('update'), fakeEvent, update)
  assert.deepEqual(seenA, [[update]])
  assert.deepEqual(seenB, [[update]])

  offA()
  offA() // idempotent: must not remove B's listener
  emit(channelOf('update'), fakeEvent, update)
  assert.equal(seenA.length, 1)
  assert.equal(seenB.length, 2)
  assert.equal(listeners.get(channelOf('update'))?.length, 1)
  offB()
  assert.equal(listeners.get(channelOf('update'))?.length, 0)
})

test('onUpdate refuses a non-function', () => {
  assert.throws(() => api.onUpdate('nope' as unknown as () => void), TypeError)
})
