// Runs in the renderer: the question asked before a command that cannot be undone (Cancel, Remove,
// Clear finished). A modal alert dialog: the rest of the window is inert, Tab stays inside, Esc and
// the first button keep things as they are, and focus goes back where it was.
import { useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import type { ImportSummary } from '../../preload/api.ts'
import { formatCount, plural } from '../format.ts'
import { cancelImport, clearFinished, closeConfirmation, removeImport } from '../store/actions.ts'
import { useStore, type Confirmation } from '../store/index.ts'

interface Question {
  title: string
  body: string
  keep: string
  confirm: string
  run(): Promise<void>
}

function questionFor(confirmation: Confirmation, summary: ImportSummary | undefined): Question | null {
  switch (confirmation.kind) {
    case 'cancel': {
      if (!summary) return null
      const kept =
        summary.processedCount > 0
          ? `The ${plural(summary.processedCount, 'row', 'rows')} imported so far stay in your contacts; the rest of the file is not imported.`
          : 'No rows have been imported yet, so your contacts stay as they are.'
      return {
        title: `Stop importing ${summary.fileName}?`,
        body: `${kept} You can import the file again later.`,
        keep: 'Keep importing',
        confirm: 'Cancel import',
        run: () => cancelImport(confirmation.id),
      }
    }
    case 'remove': {
      if (!summary) return null
      const errors = summary.errorCount > 0 ? `, its ${plural(summary.errorCount, 'error row', 'error rows')}` : ''
      return {
        title: `Remove ${summary.fileName} from the list?`,
        body: `Its record${errors} and its speed history are deleted. ${
          summary.processedCount > 0 ? 'The contacts it imported stay in your contacts.' : 'It imported no contacts; your contacts stay as they are.'
        }`,
        keep: 'Keep',
        confirm: 'Remove',
        run: () => removeImport(confirmation.id),
      }
    }
    case 'clearFinished': {
      const count = confirmation.ids.length
      return {
        title: `Clear ${plural(count, 'finished import', 'finished imports')}?`,
        body: `${count === 1 ? 'Its record, error rows and speed history are' : `The records, error rows and speed history of ${formatCount(count)} imports are`} deleted from the list. The contacts they imported stay in your contacts.`,
        keep: 'Keep',
        confirm: 'Clear',
        run: () => clearFinished(),
      }
    }
  }
}

export function ConfirmDialog() {
  const confirmation = useStore((s) => s.confirmation)
  const summary = useStore((s) => (s.confirmation && 'id' in s.confirmation ? s.imports[s.confirmation.id] : undefined))
  if (!confirmation) return null
  const question = questionFor(confirmation, summary)
  if (!question) return null
  return <Dialog question={question} />
}

function Dialog({ question }: { question: Question }) {
  const dialog = useRef<HTMLDivElement>(null)
  const keep = useRef<HTMLButtonElement>(null)

  // The rest of the window is out of reach (and out of the accessibility tree) while the question is
  // open; it is given back before focus returns to it.
  useLayoutEffect(() => {
    // Where focus was before the question (the Cancel or Remove button, the list's row).
    const opener = document.activeElement
    const others = Array.from(document.querySelectorAll<HTMLElement>('[data-inert-under-dialog]'))
    for (const element of others) element.setAttribute('inert', '')
    keep.current?.focus()
    return () => {
      for (const element of others) element.removeAttribute('inert')
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      closeConfirmation()
      return
    }
    if (event.key !== 'Tab') return
    const buttons = Array.from(dialog.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])
    const first = buttons[0]
    const last = buttons[buttons.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  const confirm = (): void => {
    closeConfirmation()
    void question.run()
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        onKeyDown={onKeyDown}
      >
        <h2 id="confirm-title" className="dialog-title">
          {question.title}
        </h2>
        <p id="confirm-body" className="dialog-body">
          {question.body}
        </p>
        <div className="dialog-buttons">
          <button ref={keep} type="button" className="button" onClick={() => closeConfirmation()}>
            {question.keep}
          </button>
          <button type="button" className="button danger" onClick={confirm}>
            {question.confirm}
          </button>
        </div>
      </div>
    </div>
  )
}
