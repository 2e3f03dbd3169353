// The worker's V8 old generation (main/worker/heap-growth.ts), measured in a fresh Node process
// started with the worker's heap flags, as the CLI and the test hosts start the worker.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { WORKER_HEAP_FLAGS } from '../../../main/service/child-process-port.ts'

const HEAP_GROWTH = fileURLToPath(new URL('../../../main/worker/heap-growth.ts', import.meta.url))

/**
 * About 10 MB kept alive while 400 strings of about a megabyte are decoded and dropped, as the
 * stage step does with its batches; prints the largest V8 heap seen (bytes).
 */
function churnScript(limited: boolean): string {
  return `${limited ? `import { limitOldGenerationGrowth } from ${JSON.stringify(HEAP_GROWTH)}\nlimitOldGenerationGrowth()\n` : ''}
const live = Array.from({ length: 10_000 }, (_, i) => ('x'.repeat(1000) + i).normalize())
const bytes = Buffer.from('Łukasz,José\\n'.repeat(40_000))
const decoder = new TextDecoder()
let largest = 0
let text = ''
for (let i = 0; i < 400; i++) {
  text = decoder.decode(bytes)
  largest = Math.max(largest, process.memoryUsage().heapTotal)
}
if (live.length + text.length === 0) throw new Error('unreachable: keeps both alive')
process.stdout.write(String(largest))
`
}

function largestHeapMb(limited: boolean): number {
  const out = execFileSync(process.execPath, [...WORKER_HEAP_FLAGS, '--input-type=module', '-e', churnScript(limited)], { encoding: 'utf8' })
  return Number(out) / 1024 / 1024
}

test('large strings made and dropped batch after batch leave the old generation near its live size', () => {
  const limited = largestHeapMb(true)
  const unlimited = largestHeapMb(false)
  assert.ok(limited < 50, `with the growth limit the heap reached ${limited.toFixed(1)} MB for a 10 MB live set`)
  // Without the limit the same work must grow the heap well past that, or the bound proves nothing.
  assert.ok(unlimited > limited * 1.5, `without the limit ${unlimited.toFixed(1)} MB, with it ${limited.toFixed(1)} MB`)
})
