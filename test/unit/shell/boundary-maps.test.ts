// The two boundaries are typed from one map each (MainHandlers in preload/api.ts, WorkerHandlers
// in main/worker/protocol.ts). The `@ts-expect-error` lines are the type-level half of this test:
// `npm run typecheck` fails when one of them stops being an error, i.e. when a handler whose
// result drifts from its map would compile again. The runtime half checks that every method of the
// map has its channel and its handler.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CHANNEL_PREFIX, MAIN_METHODS, channelOf } from '../../../preload/api.ts'
import type { ImporterApi, ImportSummary, MainHandlers } from '../../../preload/api.ts'
import { createIpcHandlers, registerIpc } from '../../../main/ipc.ts'
import type { InvokeListener, IpcHandlers } from '../../../main/ipc.ts'
import type { ImportServiceApi } from '../../../main/service/types.ts'
import type { WorkerEvent, WorkerHandlerImpls, WorkerRequest } from '../../../main/worker/protocol.ts'

/** A service none of whose methods may be called: these tests only look at what is registered. */
const untouchable = new Proxy({} as ImportServiceApi, {
  get: (_target, name) => (name === 'onUpdate' ? () => () => {} : () => assert.fail(`service.${String(name)} called`)),
})
const noDialogs = { openFileDialog: () => Promise.resolve(null), saveFileDialog: () => Promise.resolve(null), showItemInFolder: () => {} }

test('the main handlers compile only with the results MainHandlers names', () => {
  const handlers: IpcHandlers = createIpcHandlers(untouchable, noDialogs)
  const drifted: IpcHandlers[] = [
    // @ts-expect-error list answers ImportSummary[], not a count
    { ...handlers, list: () => 3 },
    // @ts-expect-error get answers a summary or null, never undefined
    { ...handlers, get: () => Promise.resolve(undefined) },
    // @ts-expect-error exportErrors' result has no `written` field
    { ...handlers, exportErrors: () => Promise.resolve({ ok: true, path: '/x', written: 1 }) },
    // @ts-expect-error errors takes (id, offset, limit): a handler cannot ask for a fourth argument
    { ...handlers, errors: (id: number, offset: number, limit: number, extra: string) => handlers.errors(id, offset, limit + extra.length) },
  ]
  // @ts-expect-error every method needs its handler
  const missing: IpcHandlers = { list: handlers.list }
  // @ts-expect-error a handler for a method MainHandlers does not have
  const extra: IpcHandlers = { ...handlers, deleteEverything: () => undefined }
  assert.equal(drifted.length + [missing, extra].length, 6)
})

test('window.importer is derived from MainHandlers: results are promises of the same types', () => {
  type Get = ImporterApi['get']
  const get: Get = (id) => Promise.resolve(id > 0 ? null : null)
  // @ts-expect-error the page's get answers a promise, not a summary
  const sync: Get = (_id: number): ImportSummary | null => null
  // @ts-expect-error startFile (a path) is not offered to the page: it drops a File instead
  const startFile: ImporterApi['startFile'] = undefined
  assert.deepEqual([typeof get, typeof sync, startFile], ['function', 'function', undefined])
})

test('the worker handlers compile only with the results WorkerHandlers names', () => {
  const answer = async () => {}
  const handlers: WorkerHandlerImpls = {
    createImport: () => Promise.resolve({ importId: 1 }),
    confirmMapping: answer,
    pause: answer,
    resume: answer,
    cancel: answer,
    retry: answer,
    removeImports: answer,
    resumeUnfinished: () => ({ importIds: [] }),
    runImports: () => {},
  }
  const drifted: WorkerHandlerImpls[] = [
    // @ts-expect-error createImport answers { importId }, not the id alone
    { ...handlers, createImport: () => Promise.resolve(1) },
    // @ts-expect-error resumeUnfinished answers the ids it resumed
    { ...handlers, resumeUnfinished: () => ({ imports: [] }) },
  ]
  // @ts-expect-error a request's params are those of its method
  const request: WorkerRequest = { method: 'pause', params: { filePath: '/x.csv' } }
  // @ts-expect-error an event's payload is that of its type
  const event: WorkerEvent = { type: 'completed', reason: 'disk' }
  assert.equal(drifted.length + [request, event].length, 4)
})

test('every method of MainHandlers has its channel, with one prefix, and its registered handler', () => {
  const methods = Object.keys(MAIN_METHODS) as Array<keyof MainHandlers>
  assert.deepEqual(Object.keys(createIpcHandlers(untouchable, noDialogs)).sort(), [...methods].sort())
  const registered = new Map<string, InvokeListener>()
  const unregister = registerIpc(
    { handle: (channel, listener) => registered.set(channel, listener), removeHandler: (channel) => registered.delete(channel) },
    untouchable,
    { ...noDialogs, isTrustedSender: () => true, sendUpdate: () => {} },
  )
  assert.deepEqual([...registered.keys()].sort(), methods.map((method) => channelOf(method)).sort())
  for (const channel of registered.keys()) assert.ok(channel.startsWith(CHANNEL_PREFIX), channel)
  assert.equal(new Set(registered.keys()).size, methods.length)
  assert.ok(!registered.has(channelOf('update')), 'update is an event, not an invoke')
  assert.ok(!registered.has(channelOf('openFileRequested')), 'openFileRequested is an event, not an invoke')
  unregister()
  assert.equal(registered.size, 0)
})
