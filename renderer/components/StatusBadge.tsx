// Runs in the renderer: the colored status pill. The word carries the meaning; color only repeats it.
import type { ImportStatus } from '../../preload/api.ts'
import { STATUS_LABEL } from '../import-view.ts'

export function StatusBadge({ status, id }: { status: ImportStatus; id?: string }) {
  return (
    <span className="badge" data-status={status} id={id}>
      <span className="badge-dot" aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  )
}
