// How far V8 lets the import worker's old generation grow between full collections.
import { setFlagsFromString } from 'node:v8'

/**
 * Each batch leaves a string of about a megabyte in each isolate (the decoded read chunk in the
 * reader thread, the batch's packed fields in this one). Strings that size go to V8's large-object
 * space, where they stay until a full collection, and by default V8 lets the old generation grow
 * to several times its live size before one: the worker's peak RSS rose with the file, from
 * 180 MB at 1M rows to 199 MB at 10M. At 1.5 times it stays near the live size
 * (docs/performance.md, "Peak RSS: the old generation").
 */
export const OLD_GENERATION_GROWTH_PERCENT = 50

/**
 * Sets the growth factor for every isolate of the process, the reader thread's included. Set at
 * run time, not on the command line, so that it holds in Electron's utility process too, whose
 * isolate exists before the worker starts (Electron starts V8 with --no-freeze-flags-after-init).
 */
export function limitOldGenerationGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`)
}
