// Runs in the renderer: the questions asked before a command that cannot be undone (Cancel, Remove,
// Clear finished), and the removals they lead to.
import { plural } from '../format.ts'
import { importer } from '../importer.ts'
import { canRemove, isFinished } from '../import-view.ts'
import { withoutImports } from './imports-slice.ts'
import { useStore } from './index.ts'
import { announce, messageOf, nameOf, notify } from './notices.ts'
import type { Confirmation } from './ui-slice.ts'
import { ignoreUpdatesOf } from './updates.ts'

const { setState, getState } = useStore

export function askToConfirm(confirmation: Confirmation): void {
  setState({ confirmation })
}

export function closeConfirmation(): void {
  setState({ confirmation: null })
}

/** "Cancel" asks first; so do Remove, the Delete key and "Clear finished". */
export const askToCancel = (id: number): void => askToConfirm({ kind: 'cancel', id })

export function askToRemove(id: number): void {
  const summary = getState().imports[id]
  if (!summary) return
  if (!canRemove(summary.status)) {
    notify('info', `${summary.fileName} is still importing. Pause or cancel it before removing it.`)
    return
  }
  askToConfirm({ kind: 'remove', id })
}

export function askToClearFinished(): void {
  const { imports, order } = getState()
  const ids = order.filter((id) => {
    const status = imports[id]?.status
    return status !== undefined && isFinished(status)
  })
  if (ids.length > 0) askToConfirm({ kind: 'clearFinished', ids })
}

/** Takes removed imports out of the window; the selection moves to the next one in the list. */
function forgetImports(ids: readonly number[]): void {
  ignoreUpdatesOf(ids)
  setState((state) => {
    const slice = withoutImports(state, ids)
    const gone = new Set(ids)
    let selectedId = state.selectedId
    if (selectedId !== null && gone.has(selectedId)) {
      const at = state.order.indexOf(selectedId)
      selectedId = state.order.slice(at + 1).find((id) => !gone.has(id)) ?? slice.order[slice.order.length - 1] ?? null
    }
    const drop = <T,>(record: Readonly<Record<number, T>>): Record<number, T> => {
      const kept: Record<number, T> = {}
      for (const [key, value] of Object.entries(record)) if (!gone.has(Number(key))) kept[Number(key)] = value
      return kept
    }
    return {
      ...slice,
      selectedId,
      errorPages: drop(state.errorPages),
      throughput: drop(state.throughput),
      throughputHistory: drop(state.throughputHistory),
    }
  })
}

export async function removeImport(id: number): Promise<void> {
  const name = nameOf(id)
  try {
    await importer().remove(id)
  } catch (error) {
    notify('error', `Could not remove ${name}. ${messageOf(error)}`)
    return
  }
  forgetImports([id])
  announce(`${name} removed from the list`)
}

export async function clearFinished(): Promise<void> {
  let ids: number[]
  try {
    ids = await importer().clearFinished()
  } catch (error) {
    notify('error', `Could not clear the finished imports. ${messageOf(error)}`)
    return
  }
  forgetImports(ids)
  announce(`${plural(ids.length, 'finished import', 'finished imports')} cleared`)
}
