// Runs in the renderer: every change to the store. Plain functions that call setState, so the IPC
// listener and event handlers need no hook. Commands go to main through window.importer only.
// Components import them from here; each concern has its file:
//   updates.ts        updates from main, batched per frame
//   notices.ts        selection, drag-over, notices, announcements
//   commands.ts       pause, resume, cancel, retry, import again, choose, drop, export
//   confirmations.ts  the questions before Cancel, Remove and Clear finished, and the removals
//   fetches.ts        error rows and stored throughput, fetched on demand
import { ImporterUnavailableError, hasImporter, importer } from '../importer.ts'
import { chooseFiles } from './commands.ts'
import { initialState, useStore } from './index.ts'
import { messageOf, resetNotices } from './notices.ts'
import { applyList, holdUpdatesUntilList, receiveUpdate, resetUpdates, stopUpdates } from './updates.ts'

export { flushUpdates, receiveUpdate } from './updates.ts'
export { dismissLatestNotice, dismissNotice, messageOf, notify, selectImport, setDragOver } from './notices.ts'
export {
  cancelImport,
  chooseFiles,
  dropItems,
  exportErrors,
  importAgain,
  pauseImport,
  resumeImport,
  retryImport,
  showInFolder,
  togglePause,
} from './commands.ts'
export {
  askToCancel,
  askToClearFinished,
  askToConfirm,
  askToRemove,
  clearFinished,
  closeConfirmation,
  removeImport,
} from './confirmations.ts'
export { ensureErrorRows, ensureThroughputHistory, retryErrorRows } from './fetches.ts'

const { setState } = useStore

/** Loads the list and subscribes to updates. Returns the unsubscribe. */
export function connectImporter(): () => void {
  if (!hasImporter()) {
    setState({ connection: 'unavailable', connectionMessage: new ImporterUnavailableError().message })
    return () => {}
  }
  const api = importer()
  let stopped = false
  holdUpdatesUntilList()
  const unsubscribe = api.onUpdate(receiveUpdate)
  const unsubscribeMenu = api.onOpenFileRequested(() => void chooseFiles())
  api.list().then(
    (list) => {
      if (!stopped) applyList(list)
    },
    (error: unknown) => {
      if (stopped) return
      setState({ connection: 'failed', connectionMessage: `The imports could not be loaded. ${messageOf(error)}` })
    },
  )
  return () => {
    stopped = true
    unsubscribe()
    unsubscribeMenu()
    stopUpdates()
  }
}

/** Back to a fresh window (tests, and a reconnect). */
export function resetStore(): void {
  resetUpdates()
  resetNotices()
  setState(initialState(), true)
}
