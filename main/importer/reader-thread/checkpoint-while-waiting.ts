// The stage step's wait for its reader thread, with an eye on stop requests meanwhile.
import type { Step } from '../../engine/index.ts'

/** How often the stage step looks for a stop request while the reader thread has no batch ready. */
const STOP_CHECK_WHILE_WAITING_MS = 10

/**
 * Waits for the reader thread (starting takes tens of ms, and it may be behind); a pause or
 * shutdown requested meanwhile checkpoints at once, at the cursor already set, instead of after
 * the next batch. Only a stop checkpoints here: commits stay one per batch when they are counted.
 */
export async function checkpointWhileWaiting<T>(awaited: Promise<T>, step: Step, stopRequested: () => boolean): Promise<T> {
  // When the checkpoint throws, nobody awaits it any more; its later failure is not news.
  awaited.catch(() => {})
  const waiting = Symbol('waiting')
  for (;;) {
    let timer: NodeJS.Timeout | undefined
    const tick = new Promise<typeof waiting>((resolve) => (timer = setTimeout(resolve, STOP_CHECK_WHILE_WAITING_MS, waiting)))
    const result = await Promise.race([awaited, tick]).finally(() => clearTimeout(timer))
    if (result !== waiting) return result
    if (stopRequested()) step.checkpoint()
  }
}
