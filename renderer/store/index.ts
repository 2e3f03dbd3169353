// Runs in the renderer: the one store, composed of slices. State only; the functions that change it
// live in actions.ts (and the files it gathers) and call setState, so IPC listeners need no hook.
// Nothing is persisted: SQLite in the worker is the truth and the window reloads it with
// window.importer.list().
import { create } from 'zustand'
import { initialErrors, type ErrorsSlice } from './errors-slice.ts'
import { initialImports, type ImportsSlice } from './imports-slice.ts'
import { initialSelection, type SelectionSlice } from './selection-slice.ts'
import { initialThroughput, type ThroughputSlice } from './throughput-slice.ts'
import { initialUi, type UiSlice } from './ui-slice.ts'

export type StoreState = ImportsSlice & SelectionSlice & ThroughputSlice & ErrorsSlice & UiSlice

export function initialState(): StoreState {
  return { ...initialImports, ...initialSelection, ...initialThroughput, ...initialErrors, ...initialUi }
}

export const useStore = create<StoreState>()(() => initialState())

export type { ErrorCache } from './errors-slice.ts'
export type { Sample } from './throughput-slice.ts'
export type { Confirmation, Notice, Connection } from './ui-slice.ts'
