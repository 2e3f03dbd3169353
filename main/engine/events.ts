// Engine events: what ActiveJob instruments for continuations, with its log lines.

import type { Cursor } from './cursor.ts'
import { cursorToS } from './cursor.ts'

export interface EngineEvent {
  name: 'resume' | 'step_skipped' | 'step_started' | 'step' | 'interrupt'
  jobClass: string
  jobId: string
  step?: string
  cursor?: Cursor
  resumed?: boolean
  interrupted?: boolean
  reason?: string
  description?: string
  /** Set on a `step` event whose body threw (an Interrupt sets `interrupted` instead). */
  error?: { name: string; message: string }
  /** Milliseconds, rounded to 2 decimals (`step` events). */
  duration?: number
  /** The Rails-format log line. */
  message: string
}

// Copy-on-write so emitting iterates without allocating and listeners may unsubscribe mid-emit.
let listeners: ReadonlyArray<(event: EngineEvent) => void> = []

/** Subscribe to every engine event; returns the unsubscribe function. */
export function onEngineEvent(listener: (event: EngineEvent) => void): () => void {
  listeners = [...listeners, listener]
  let subscribed = true
  return () => {
    if (!subscribed) return
    subscribed = false
    const index = listeners.indexOf(listener)
    if (index >= 0) listeners = [...listeners.slice(0, index), ...listeners.slice(index + 1)]
  }
}

/**
 * Deliver an event to every listener. Like ActiveSupport::Notifications, a listener that throws
 * does not stop the others, and its error is rethrown into the job once all have run.
 */
function emit(event: EngineEvent): void {
  const current = listeners
  let failure: { error: unknown } | undefined
  for (const listener of current) {
    try {
      listener(event)
    } catch (error) {
      failure ??= { error }
    }
  }
  if (failure) throw failure.error
}

function jobInfo(jobClass: string, jobId: string): string {
  return `${jobClass} (Job ID: ${jobId})`
}

/** Ruby's Float#round(2).to_s: "1.23", "0.5", "3.0". */
export function formatDuration(ms: number): string {
  return Number.isInteger(ms) ? ms.toFixed(1) : String(ms)
}

export function roundDuration(ms: number): number {
  return Math.round(ms * 100) / 100
}

export function emitResume(jobClass: string, jobId: string, description: string): void {
  if (listeners.length === 0) return
  emit({ name: 'resume', jobClass, jobId, description, message: `Resuming ${jobInfo(jobClass, jobId)} ${description}` })
}

export function emitInterrupt(jobClass: string, jobId: string, description: string, reason: string): void {
  if (listeners.length === 0) return
  emit({
    name: 'interrupt',
    jobClass,
    jobId,
    description,
    reason,
    message: `Interrupted ${jobInfo(jobClass, jobId)} ${description} (${reason})`,
  })
}

export function emitStepSkipped(jobClass: string, jobId: string, step: string): void {
  if (listeners.length === 0) return
  // Rails' line really reads "skipped <Job>", without "for".
  emit({ name: 'step_skipped', jobClass, jobId, step, message: `Step '${step}' skipped ${jobClass}` })
}

export function emitStepStarted(jobClass: string, jobId: string, step: string, cursor: Cursor, resumed: boolean): void {
  if (listeners.length === 0) return
  const message = resumed
    ? `Step '${step}' resumed from cursor '${cursorToS(cursor)}' for ${jobInfo(jobClass, jobId)}`
    : `Step '${step}' started for ${jobInfo(jobClass, jobId)}`
  emit({ name: 'step_started', jobClass, jobId, step, cursor, resumed, message })
}

export function emitStep(
  jobClass: string,
  jobId: string,
  step: string,
  cursor: Cursor,
  interrupted: boolean,
  error: { name: string; message: string } | undefined,
  elapsedMs: number,
): void {
  if (listeners.length === 0) return
  const duration = roundDuration(elapsedMs)
  const at = `at cursor '${cursorToS(cursor)}' for ${jobInfo(jobClass, jobId)} in ${formatDuration(duration)}ms`
  let message: string
  if (interrupted) message = `Step '${step}' interrupted ${at}`
  else if (error) message = `Error during step '${step}' ${at}: ${error.name} (${error.message})`
  else message = `Step '${step}' completed for ${jobInfo(jobClass, jobId)} in ${formatDuration(duration)}ms`
  const event: EngineEvent = { name: 'step', jobClass, jobId, step, cursor, interrupted, duration, message }
  if (error) event.error = error
  emit(event)
}
