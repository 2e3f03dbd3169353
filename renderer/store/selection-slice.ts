// Runs in the renderer: which import fills the detail pane.

export interface SelectionSlice {
  selectedId: number | null
}

export const initialSelection: SelectionSlice = { selectedId: null }
