// Runs in the renderer: why an import failed, in plain words, and what to do next.
import type { ImportSummary } from '../../preload/api.ts'
import { explainFailure } from '../import-view.ts'
import { ActionButtons } from './ActionButtons.tsx'
import { Icon } from './Icon.tsx'

export function FailureView({ summary }: { summary: ImportSummary }) {
  const failure = explainFailure(summary)
  return (
    <section className="failure" aria-labelledby={`failure-${summary.id}`}>
      <div className="failure-icon" aria-hidden="true">
        <Icon name="warning" size={20} />
      </div>
      <div className="failure-body">
        <h3 id={`failure-${summary.id}`} className="failure-title">
          {failure.title}
        </h3>
        {failure.detail && <p className="failure-detail">{failure.detail}</p>}
        <p className="failure-message">{failure.message}</p>
        <p className="failure-consequence">{failure.consequence}</p>
        <ActionButtons summary={summary} variant="text" only={['retry', 'importAgain', 'chooseAnother']} />
      </div>
    </section>
  )
}
