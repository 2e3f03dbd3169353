// Runs in the renderer: the selected import: summary, progress, buttons, the failure explanation,
// the throughput chart and the error rows.
import { useState } from 'react'
import type { ImportStatus, ImportSummary } from '../../preload/api.ts'
import { formatClock, formatCount, formatDuration, formatPercent } from '../format.ts'
import { isRunning, metaLine, progressOf, progressText, statusLine, stepLine, timeLeftLine, type ImportAction } from '../import-view.ts'
import { useStore } from '../store/index.ts'
import { ActionButtons } from './ActionButtons.tsx'
import { ErrorTable } from './ErrorTable.tsx'
import { FailureView } from './FailureView.tsx'
import { MappingForm, ReadingLine } from './MappingForm.tsx'
import { NotCsvView } from './NotCsvView.tsx'
import { ProgressBar } from './ProgressBar.tsx'
import { StatusBadge } from './StatusBadge.tsx'
import { ThroughputSection } from './ThroughputChart.tsx'

/** The header's commands; a failed import's own (Retry, Import again, Choose another) are in its failure view. */
const HEAD_ACTIONS: readonly ImportAction[] = ['pause', 'resume', 'resuming', 'cancel', 'importAgain', 'remove']
const FAILED_HEAD_ACTIONS: readonly ImportAction[] = ['remove']

export function ImportDetail() {
  const id = useStore((s) => s.selectedId)
  if (id === null) {
    return (
      <section className="detail detail-none" aria-label="Details">
        <p>Select an import to see its details.</p>
      </section>
    )
  }
  return <Detail key={id} id={id} />
}

/** The form reads the file for its preview, so it is mounted only while the person has it open. */
function ImportAgain({ summary }: { summary: ImportSummary }) {
  const [open, setOpen] = useState(false)
  return (
    <details className="import-again" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Import again with other columns or encoding…</summary>
      {open && <MappingForm summary={summary} mode="again" />}
    </details>
  )
}

function Detail({ id }: { id: number }) {
  const summary = useStore((s) => s.imports[id])
  const waitingForName = useStore((s) => {
    const other = s.imports[id]?.waitingFor
    return other === null || other === undefined ? undefined : s.imports[other]?.fileName
  })
  if (!summary) return null

  const headingId = `detail-title-${id}`
  const took =
    summary.status === 'completed' && summary.startedAt !== null && summary.finishedAt !== null
      ? ` · took ${formatDuration(summary.finishedAt - summary.startedAt)}`
      : ''
  // A file rejected before any row ran has no progress, chart or rows; the failure view says it all.
  // One waiting for its columns has run none yet: its form is all there is.
  const ranRows =
    summary.status !== 'needs_mapping' && (summary.status !== 'failed' || summary.processedCount + summary.errorCount > 0)

  return (
    <section className="detail" aria-labelledby={headingId} data-status={summary.status} data-focus-home="detail">
      <header className="detail-head">
        <div className="detail-title-block">
          <div className="detail-title-row">
            {/* Focus lands here when the focused button goes away (Cancel) and no other takes its place. */}
            <h2 id={headingId} className="detail-title" title={summary.fileName} tabIndex={-1} data-focus-fallback>
              {summary.fileName}
            </h2>
            <StatusBadge status={summary.status} />
          </div>
          {/* Which file it was (two imports can share a name); a long path loses its start, not the name. */}
          <p className="detail-path" title={summary.filePath}>
            <bdi dir="ltr">{summary.filePath}</bdi>
          </p>
          <p className="detail-meta num">
            {metaLine(summary, formatClock, 'full')}
            {took}
          </p>
        </div>
        <ActionButtons summary={summary} variant="text" only={summary.status === 'failed' ? FAILED_HEAD_ACTIONS : HEAD_ACTIONS} />
      </header>

      {summary.reading && summary.status !== 'needs_mapping' && <ReadingLine reading={summary.reading} />}
      {summary.status === 'needs_mapping' && <MappingForm summary={summary} mode="confirm" />}
      {ranRows && <Progress summary={summary} waitingForName={waitingForName} />}

      {summary.status === 'failed' &&
        (summary.failureReason === 'not_csv' ? <NotCsvView summary={summary} /> : <FailureView summary={summary} />)}
      {(summary.status === 'completed' || (summary.status === 'failed' && summary.reading !== null)) && (
        <ImportAgain summary={summary} />
      )}
      {summary.status === 'paused' && summary.failureMessage && <p className="pause-reason">{summary.failureMessage}</p>}

      {ranRows && <ThroughputSection id={id} status={summary.status} />}

      {ranRows && (
        <section className="detail-section errors" aria-labelledby={`errors-${id}`}>
          <div className="section-head">
            <h3 id={`errors-${id}`} className="section-title num">
              Errors{summary.errorCount > 0 ? ` (${formatCount(summary.errorCount)})` : ''}
            </h3>
            <ActionButtons summary={summary} variant="text" only={['exportErrors']} />
          </div>
          {summary.errorCount > 0 ? (
            <ErrorTable id={id} total={summary.errorCount} label={`Errors in ${summary.fileName}`} />
          ) : (
            <p className="errors-none">{noErrorsLine(summary.status)}</p>
          )}
        </section>
      )}
    </section>
  )
}

/**
 * Time left is the headline (what people watch); under it the one bar for the whole job with its
 * step, then the four counters, smaller.
 */
function Progress({ summary, waitingForName }: { summary: ImportSummary; waitingForName: string | undefined }) {
  const progress = progressOf(summary)
  const headline = isRunning(summary.status) ? timeLeftLine(summary) : statusLine(summary, () => waitingForName, 'full')
  const step = stepLine(summary)
  return (
    <div className="detail-progress-block">
      <p className="detail-headline num" title={headline}>
        {headline}
      </p>
      <div className="detail-progress">
        <ProgressBar
          size="large"
          fraction={progress.fraction}
          status={summary.status}
          label="Progress"
          valueText={progressText(summary)}
        />
        <span className="pct num">{formatPercent(progress.fraction)}</span>
      </div>
      {step !== null && <p className="detail-line num">{step}</p>}
      <dl className="stats num">
        <div>
          <dt>Imported</dt>
          <dd>{formatCount(summary.processedCount)}</dd>
        </div>
        <div>
          <dt>New</dt>
          <dd>{formatCount(summary.createdCount)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatCount(summary.updatedCount)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{formatCount(summary.errorCount)}</dd>
        </div>
      </dl>
    </div>
  )
}

function noErrorsLine(status: ImportStatus): string {
  switch (status) {
    case 'completed':
      return 'Every row was imported.'
    case 'pending':
      return 'Rows that cannot be imported will be listed here.'
    case 'failed':
      return 'No rows were rejected.'
    default:
      return 'No rows rejected so far.'
  }
}
