// Runs in the renderer: the buttons an import's state allows (UI.md's state table). The list shows
// them as icon buttons, the detail view with words. Each calls one window.importer method, or asks
// first (Cancel, Remove).
import { useState } from 'react'
import type { ImportSummary } from '../../preload/api.ts'
import { actionsFor, type ImportAction } from '../import-view.ts'
import {
  askToCancel,
  askToRemove,
  chooseFiles,
  exportErrors,
  importAgain,
  pauseImport,
  resumeImport,
  retryImport,
} from '../store/actions.ts'
import { Icon, type IconName } from './Icon.tsx'

const LABEL: Record<ImportAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  resuming: 'Resuming…',
  cancel: 'Cancel',
  retry: 'Retry',
  importAgain: 'Import again',
  chooseAnother: 'Choose another file…',
  exportErrors: 'Export errors…',
  remove: 'Remove',
}

const BUSY_LABEL: Partial<Record<ImportAction, string>> = {
  resume: 'Resuming…',
  exportErrors: 'Exporting…',
}

const ICON: Partial<Record<ImportAction, IconName>> = {
  pause: 'pause',
  resume: 'resume',
  resuming: 'resume',
  cancel: 'cancel',
  retry: 'retry',
}

/**
 * Which element each action lives in. Pause, Resume and "Resuming…" share one, so the button changes
 * its word in place and keyboard focus stays on it through paused → queued → importing; every other
 * action keeps its own, so a focused Cancel never turns into another command.
 */
const SLOT: Record<ImportAction, string> = {
  pause: 'toggle',
  resume: 'toggle',
  resuming: 'toggle',
  cancel: 'cancel',
  retry: 'retry',
  importAgain: 'importAgain',
  chooseAnother: 'chooseAnother',
  exportErrors: 'exportErrors',
  remove: 'remove',
}

/** Resume, Retry and Import again move the import forward; they get the accent. */
const PRIMARY: ReadonlySet<ImportAction> = new Set<ImportAction>(['resume', 'resuming', 'retry', 'importAgain'])

function run(action: ImportAction, id: number): Promise<void> {
  switch (action) {
    case 'pause':
      return pauseImport(id)
    case 'resume':
      return resumeImport(id)
    case 'resuming':
      return Promise.resolve()
    case 'cancel':
      askToCancel(id)
      return Promise.resolve()
    case 'retry':
      return retryImport(id)
    case 'importAgain':
      return importAgain(id)
    case 'chooseAnother':
      return chooseFiles()
    case 'exportErrors':
      return exportErrors(id)
    case 'remove':
      askToRemove(id)
      return Promise.resolve()
  }
}

// While a command runs its buttons are aria-disabled rather than disabled: a disabled button drops
// keyboard focus. "Resuming…" is aria-disabled for the same reason: it waits for the import's turn.

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
    if (busy !== null || action === 'resuming') return
    setBusy(action)
    void run(action, summary.id).finally(() => setBusy(null))
  }

  return (
    <div className={className ?? 'actions'} data-variant={variant}>
      {actions.map((action) => {
        const icon = ICON[action]
        const label = busy === action ? (BUSY_LABEL[action] ?? LABEL[action]) : LABEL[action]
        const disabled = busy !== null || action === 'resuming' || undefined
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
              aria-label={`${label} ${summary.fileName}`}
              title={label}
              aria-disabled={disabled}
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
            className={PRIMARY.has(action) ? 'button primary' : action === 'remove' ? 'button quiet' : 'button'}
            data-action={action}
            aria-disabled={disabled}
            onClick={() => onClick(action)}
          >
            {label}
          </button>
        )
      })}
    </div>
  )
}
