// Runs in the renderer: the first run: one large drop target and the button.
import { chooseFiles } from '../store/actions.ts'
import { Icon } from './Icon.tsx'

export function EmptyState() {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="dropzone">
        <div className="dropzone-icon" aria-hidden="true">
          <Icon name="drop" size={40} />
        </div>
        <h2 id="empty-title" className="dropzone-title">
          Drop a CSV file here
        </h2>
        <p className="dropzone-text">
          or choose one. Needs columns <code>email</code>, <code>first_name</code>, <code>last_name</code>.
        </p>
        <button type="button" className="button primary large" onClick={() => void chooseFiles()}>
          Choose file…
        </button>
      </div>
    </section>
  )
}
