// Runs in the renderer: every import ever made, newest first. The list is one tab stop, the selected
// row's name; Up/Down/Home/End move the selection and the focus with it, Space pauses or resumes the
// selected import and Delete (or Backspace) removes it, after asking.
import type { KeyboardEvent } from 'react'
import { isFinished } from '../import-view.ts'
import { askToClearFinished, askToRemove, selectImport, togglePause } from '../store/actions.ts'
import { useStore } from '../store/index.ts'
import { ImportRow } from './ImportRow.tsx'

function focusRow(list: HTMLElement, id: number): void {
  list.querySelector<HTMLButtonElement>(`[data-import-id="${id}"] .row-name`)?.focus()
}

export function ImportList() {
  const order = useStore((s) => s.order)
  const anyFinished = useStore((s) => s.order.some((id) => isFinished(s.imports[id]?.status ?? 'pending')))

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    // From a row's name, or from one of its buttons that a click (or a rescue) left focused.
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-import-id]')
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return
    const current = Number(row.dataset.importId)
    if (event.key === ' ') {
      // Not a click on the name (which only selects): the selected import pauses or resumes.
      event.preventDefault()
      selectImport(current)
      void togglePause(current)
      return
    }
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault()
      selectImport(current)
      askToRemove(current)
      return
    }
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End']
    if (!keys.includes(event.key)) return
    const index = order.indexOf(current)
    let next: number
    if (event.key === 'ArrowDown') next = Math.min(order.length - 1, index + 1)
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1)
    else if (event.key === 'Home') next = 0
    else next = order.length - 1
    const id = order[next]
    if (id === undefined) return
    event.preventDefault()
    selectImport(id)
    focusRow(event.currentTarget, id)
  }

  return (
    <section className="sidebar" aria-labelledby="imports-heading">
      <div className="sidebar-head">
        <h2 id="imports-heading" className="sidebar-heading">
          Imports
        </h2>
        {anyFinished && (
          <button type="button" className="link-button" onClick={askToClearFinished}>
            Clear finished
          </button>
        )}
      </div>
      <ul className="rows" aria-labelledby="imports-heading" onKeyDown={onKeyDown}>
        {order.map((id) => (
          <ImportRow key={id} id={id} />
        ))}
      </ul>
      <p className="sidebar-hint">Drop CSV files anywhere in this window</p>
    </section>
  )
}
