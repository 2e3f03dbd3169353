// Runs in the renderer: the buttons an import's state allows (UI.md's state table). The list shows
// them as icon buttons, the detail view with words. Each calls one window.importer method.
import { useState } from 'react'
import type { ImportSummary } from '../../preload/api.ts'
import { actionsFor, type ImportAction } from '../import-view.ts'
import {
  cancelImport,
  chooseFiles,
  exportErrors,
  pauseImport,
  resumeImport,
  retryImport,
} from '../store/actions.ts'
import { Icon, type IconName } from './Icon.tsx'

const LABEL: Record<ImportAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  chooseAnother: 'Choose another file…',
  exportErrors: 'Export errors…',
}

const BUSY_LABEL: Partial<Record<ImportAction, string>> = {
  exportErrors: 'Exporting…',
}

const ICON: Partial<Record<ImportAction, IconName>> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  retry: 'retry',
}

/**
 * Which element each action lives in. Pause and Resume share one, so Pause becomes Resume in place and
 * keyboard focus stays put; every other action keeps its own, so a focused Cancel never turns into
 * Pause when a queued import starts.
 */
const SLOT: Record<ImportAction, string> = {
  pause: 'toggle',
  resume: 'toggle',
  cancel: 'cancel',
  retry: 'retry',
  chooseAnother: 'chooseAnother',
  exportErrors: 'exportErrors',
}

/** Resume and Retry move the import forward; they get the accent. */
const PRIMARY: ReadonlySet<ImportAction> = new Set<ImportAction>(['resume', 'retry'])

function run(action: ImportAction, id: number): Promise<void> {
  switch (action) {
    case 'pause':
      return pauseImport(id)
    case 'resume':
      return resumeImport(id)
    case 'cancel':
      return cancelImport(id)
    case 'retry':
      return retryImport(id)
    case 'chooseAnother':
      return chooseFiles()
    case 'exportErrors':
      return exportErrors(id)
  }
}

// While a command runs its buttons are aria-disabled rather than disabled: a disabled button drops
// keyboard focus.

export interface ActionButtonsProps {
  summary: ImportSummary
  variant: 'icon' | 'text'
  /** Only these of the allowed actions (e.g. the list shows no export). */
  only?: readonly ImportAction[]
  className?: string
}

export function ActionButtons({ summary, variant, only, className }: ActionButtonsProps) {
  const [busy, setBusy] = useState<ImportAction | null>(null)
  const actions = actionsFor(summary).filter((action) => !only || only.includes(action))
  if (actions.length === 0) return null

  const onClick = (action: ImportAction): void => {
    if (busy !== null) return
    setBusy(action)
    void run(action, summary.id).finally(() => setBusy(null))
  }

  return (
    <div className={className ?? 'actions'} data-variant={variant}>
      {actions.map((action) => {
        const icon = ICON[action]
        const label = busy === action ? (BUSY_LABEL[action] ?? LABEL[action]) : LABEL[action]
        if (variant === 'icon' && icon) {
          return (
            <button
              key={SLOT[action]}
              type="button"
              className="icon-button"
              // The list's buttons: out of the tab order, so hundreds of imports do not stand between
              // the keyboard and the detail pane, which has the same commands in words.
              tabIndex={-1}
              data-action={action}
              aria-label={`${LABEL[action]} ${summary.fileName}`}
              title={LABEL[action]}
              aria-disabled={busy !== null || undefined}
              onClick={(event) => {
                event.stopPropagation()
                onClick(action)
              }}
            >
              <Icon name={icon} />
            </button>
          )
        }
        return (
          <button
            key={SLOT[action]}
            type="button"
            className={PRIMARY.has(action) ? 'button primary' : 'button'}
            data-action={action}
            aria-disabled={busy !== null || undefined}
            onClick={() => onClick(action)}
          >
            {label}
          </button>
        )
      })}
    </div>
  )
}
