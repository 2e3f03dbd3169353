// Runs in the renderer: the window's title bar row with the one global command.
import { chooseFiles } from '../store/actions.ts'

export function Toolbar({ showChoose }: { showChoose: boolean }) {
  return (
    <header className="toolbar" data-inert-under-dialog>
      <h1 className="toolbar-title">Contacts Importer</h1>
      {showChoose && (
        <button type="button" className="button" onClick={() => void chooseFiles()}>
          Choose file…
        </button>
      )}
    </header>
  )
}
