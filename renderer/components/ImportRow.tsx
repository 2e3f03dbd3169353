// Runs in the renderer: one import in the list, in two lines (name, percent and buttons; state and
// what it is doing) over a thin bar; the detail pane has the rest. Selects only its own summary, so
// a progress tick of another import does not re-render it.
import { memo } from 'react'
import { formatPercent } from '../format.ts'
import { progressOf, progressText, statusLine } from '../import-view.ts'
import { selectImport } from '../store/actions.ts'
import { useStore } from '../store/index.ts'
import { ActionButtons } from './ActionButtons.tsx'
import { ProgressBar } from './ProgressBar.tsx'
import { StatusBadge } from './StatusBadge.tsx'

const ROW_ACTIONS = ['pause', 'resume', 'resuming', 'cancel', 'retry'] as const

export const ImportRow = memo(function ImportRow({ id }: { id: number }) {
  const summary = useStore((s) => s.imports[id])
  const selected = useStore((s) => s.selectedId === id)
  // The list is one tab stop (arrow keys move within it): the selected row's name, or the first row's.
  const tabStop = useStore((s) => (s.selectedId !== null && s.imports[s.selectedId] ? s.selectedId : s.order[0]) === id)
  const waitingForName = useStore((s) => {
    const other = s.imports[id]?.waitingFor
    return other === null || other === undefined ? undefined : s.imports[other]?.fileName
  })
  if (!summary) return null

  const progress = progressOf(summary)
  const line = statusLine(summary, () => waitingForName, 'compact')
  // An import waiting for its columns has not started: a percent and a bar would say "0%" (the
  // detail pane shows the form instead). Their places stay, so the rows keep one shape.
  const started = summary.status !== 'needs_mapping'
  return (
    <li
      className="row"
      data-import-id={id}
      data-focus-home="row"
      data-status={summary.status}
      data-selected={selected || undefined}
      onClick={() => selectImport(id)}
    >
      <div className="row-head">
        <button
          type="button"
          className="row-name"
          data-focus-fallback
          tabIndex={tabStop ? 0 : -1}
          aria-current={selected ? 'true' : undefined}
          // Moving through the list says each import's state, not just its name.
          aria-describedby={`row-${id}-status row-${id}-line`}
          aria-keyshortcuts="Space Delete"
          title={summary.fileName}
          onClick={(event) => {
            event.stopPropagation()
            selectImport(id)
          }}
        >
          {summary.fileName}
        </button>
        <span className="pct num">{started ? formatPercent(progress.fraction) : ''}</span>
        <ActionButtons summary={summary} variant="icon" only={ROW_ACTIONS} className="row-actions" />
      </div>
      <div className="row-status">
        <StatusBadge status={summary.status} id={`row-${id}-status`} />
        <span className="row-line num" id={`row-${id}-line`} title={line}>
          {line}
        </span>
      </div>
      {started ? (
        <ProgressBar fraction={progress.fraction} status={summary.status} label={`${summary.fileName} progress`} valueText={progressText(summary)} />
      ) : (
        <div className="bar-place" aria-hidden="true" />
      )}
    </li>
  )
})
