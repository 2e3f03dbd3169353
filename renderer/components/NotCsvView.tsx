// Runs in the renderer: the failure view of a file that is not CSV at all (not_csv): the format
// main recognized, how to get a CSV file out of it, and the way on ("Choose another file…").
import type { ImportSummary } from '../../preload/api.ts'
import { notCsvHelp } from '../not-csv.ts'
import { ActionButtons } from './ActionButtons.tsx'
import { Icon } from './Icon.tsx'

export function NotCsvView({ summary }: { summary: ImportSummary }) {
  const help = notCsvHelp(summary.detectedFormat, summary.failureMessage)
  const titleId = `failure-${summary.id}`
  const stepsId = `failure-${summary.id}-steps`
  return (
    <section className="failure not-csv" aria-labelledby={titleId}>
      <div className="failure-icon" aria-hidden="true">
        <Icon name="warning" size={20} />
      </div>
      <div className="failure-body">
        <h3 id={titleId} className="failure-title">
          {help.title}
        </h3>
        <p className="failure-message">{help.explanation}</p>
        <p className="failure-consequence">Nothing was imported; your contacts are unchanged.</p>
        <h4 id={stepsId} className="not-csv-steps-title">
          {help.stepsTitle}
        </h4>
        <ol className="not-csv-steps" aria-labelledby={stepsId}>
          {help.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <ActionButtons summary={summary} variant="text" only={['chooseAnother']} />
      </div>
    </section>
  )
}
