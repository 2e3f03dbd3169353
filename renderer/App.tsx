// Runs in the renderer: the window. First run is one large drop target; afterwards the list of
// imports beside the selected one.
import { Announcer } from './components/Announcer.tsx'
import { ConfirmDialog } from './components/ConfirmDialog.tsx'
import { DropOverlay } from './components/DropOverlay.tsx'
import { EmptyState } from './components/EmptyState.tsx'
import { ImportDetail } from './components/ImportDetail.tsx'
import { ImportList } from './components/ImportList.tsx'
import { Notices } from './components/Notices.tsx'
import { Toolbar } from './components/Toolbar.tsx'
import { useStore } from './store/index.ts'
import { useFocusRescue } from './use-focus-rescue.ts'
import { useWindowDrop } from './use-window-drop.ts'
import { useWindowKeys } from './use-window-keys.ts'

export function App() {
  const connection = useStore((s) => s.connection)
  const connectionMessage = useStore((s) => s.connectionMessage)
  const hasImports = useStore((s) => s.order.length > 0)
  const dragOver = useStore((s) => s.dragOver)
  useWindowDrop()
  useFocusRescue()
  useWindowKeys()

  let body
  if (connection === 'unavailable' || connection === 'failed') {
    body = (
      <section className="problem" role="alert">
        <h2>The importer is not available</h2>
        <p>{connectionMessage}</p>
      </section>
    )
  } else if (connection === 'loading') {
    body = <section className="loading" aria-busy="true" aria-label="Loading imports" />
  } else if (hasImports) {
    body = (
      <div className="split">
        <ImportList />
        <ImportDetail />
      </div>
    )
  } else {
    body = <EmptyState />
  }

  return (
    <div className="app" data-drag-over={dragOver || undefined}>
      <Toolbar showChoose={connection === 'ready' && hasImports} />
      <main className="main" data-inert-under-dialog>
        {body}
        <DropOverlay />
      </main>
      <Notices />
      <Announcer />
      <ConfirmDialog />
    </div>
  )
}
