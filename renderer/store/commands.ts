// Runs in the renderer: the commands a person gives an import, sent to main through window.importer;
// a refusal becomes a notice in words.
import type { ImportSummary, StartResult } from '../../preload/api.ts'
import { NOTHING_DROPPED, planDrop, skipMessage, skippedSummary, type DroppedItem } from '../drop.ts'
import { plural } from '../format.ts'
import { importer } from '../importer.ts'
import { isRunning } from '../import-view.ts'
import { useStore } from './index.ts'
import { messageOf, nameOf, notify, selectImport, setDragOver } from './notices.ts'
import { upsertNow } from './updates.ts'

const { getState } = useStore

async function command(id: number, verb: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    notify('error', `Could not ${verb} ${nameOf(id)}. ${messageOf(error)}`)
  }
}

export const pauseImport = (id: number): Promise<void> => command(id, 'pause', () => importer().pause(id))
export const resumeImport = (id: number): Promise<void> => command(id, 'resume', () => importer().resume(id))
export const cancelImport = (id: number): Promise<void> => command(id, 'cancel', () => importer().cancel(id))
export const retryImport = (id: number): Promise<void> => command(id, 'retry', () => importer().retry(id))

/** Space on a selected import: Pause when it runs or waits, Resume when paused. */
export function togglePause(id: number): Promise<void> {
  const status = getState().imports[id]?.status
  if (status === 'paused') return resumeImport(id)
  if (status === 'pending' || (status !== undefined && isRunning(status))) return pauseImport(id)
  return Promise.resolve()
}

/** "Import again": a new import of the same file, from the start, its columns guessed again (the form shows when they do not map). */
export async function importAgain(id: number): Promise<void> {
  try {
    applyStartResults([await importer().importAgain(id, { mapping: {}, encoding: null })])
  } catch (error) {
    notify('error', `Could not import ${nameOf(id)} again. ${messageOf(error)}`)
  }
}

export async function showInFolder(path: string): Promise<void> {
  try {
    await importer().showInFolder(path)
  } catch (error) {
    notify('error', `Could not show the file in its folder. ${messageOf(error)}`)
  }
}

function applyStartResults(results: readonly StartResult[]): void {
  const started: ImportSummary[] = []
  for (const result of results) {
    if (result.ok) started.push(result.import)
    else notify('error', `Could not import “${result.fileName}”. ${messageOf(result.message)}`)
  }
  upsertNow(started)
  const first = started[0]
  if (first) selectImport(first.id)
}

/** "Choose file…": the system dialog opens in main. */
export async function chooseFiles(): Promise<void> {
  let results: StartResult[] | null
  try {
    results = await importer().chooseFile()
  } catch (error) {
    notify('error', `Could not open the file dialog. ${messageOf(error)}`)
    return
  }
  if (results) applyStartResults(results)
}

/** A drop: imports each CSV file, says which items were skipped and why. */
export async function dropItems(items: readonly DroppedItem[]): Promise<void> {
  setDragOver(false)
  if (items.length === 0) {
    notify('error', NOTHING_DROPPED)
    return
  }
  const plan = planDrop(items)
  const alone = plan.accepted.length === 0 && plan.skipped.length === 1 ? plan.skipped[0] : undefined
  // A skipped file is a problem even when the others import: its reason stays until dismissed.
  if (plan.skipped.length > 0) notify('error', alone ? skipMessage(alone) : skippedSummary(plan))

  const results: StartResult[] = []
  for (const file of plan.accepted) {
    try {
      results.push(await importer().startDroppedFile(file))
    } catch (error) {
      results.push({ ok: false, fileName: file.name, message: messageOf(error) })
    }
  }
  applyStartResults(results)
}

/** "Export errors…": main shows the save dialog and writes the CSV. */
export async function exportErrors(id: number): Promise<void> {
  try {
    const result = await importer().exportErrors(id)
    if (result.ok) notify('info', `Saved ${plural(result.rows, 'error row', 'error rows')} to ${result.path}`, result.path)
    else if (!result.cancelled) notify('error', `Could not export the errors of ${nameOf(id)}. ${messageOf(result.message)}`)
  } catch (error) {
    notify('error', `Could not export the errors of ${nameOf(id)}. ${messageOf(error)}`)
  }
}
