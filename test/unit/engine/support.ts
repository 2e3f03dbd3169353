// Helpers shared by the engine tests: Rails' assert_enqueued_jobs and a log capture.

import assert from 'node:assert/strict'
import { onEngineEvent } from '../../../main/engine/index.ts'
import type { EngineEvent } from '../../../main/engine/index.ts'
import type { TestAdapter } from '../../../main/engine/testing.ts'

/** Rails' assert_enqueued_jobs n do … end: exactly `count` jobs were enqueued while `fn` ran. */
export async function assertEnqueuedJobs<T>(adapter: TestAdapter, count: number, fn: () => Promise<T>): Promise<T> {
  const before = new Set(adapter.enqueued)
  const result = await fn()
  const added = adapter.enqueued.filter((data) => !before.has(data))
  assert.equal(added.length, count, `expected ${count} enqueued job(s), got ${added.length}`)
  return result
}

/** Collects engine events (Rails' test logger) until `stop()`. */
export function captureEvents(): { events: EngineEvent[]; messages: () => string; stop: () => void } {
  const events: EngineEvent[] = []
  const stop = onEngineEvent((event) => events.push(event))
  return { events, messages: () => events.map((event) => event.message).join('\n'), stop }
}

export const JOB_ID = '[0-9a-f-]{36}'
