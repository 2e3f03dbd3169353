// Cost of the engine's checkpoint path with an in-memory adapter that is not stopping.
// Prints ns per call for step.checkpoint() and step.advance(); budget: well under 200 ns.
// Run: node test/bench/engine-checkpoint.bench.ts [iterations]

import { ContinuableJob } from '../../main/engine/index.ts'
import type { ContinuableJob as Job, JobData, QueueAdapter, Step } from '../../main/engine/index.ts'
import { TestAdapter } from '../../main/engine/testing.ts'

const iterations = Number(process.argv[2] ?? 20_000_000)

class MemoryAdapter implements QueueAdapter {
  enqueued: JobData[] = []
  stopping = false
  enqueue(data: JobData): void {
    this.enqueued.push(data)
  }
  isStopping(): boolean {
    return this.stopping
  }
}

class DurableLikeAdapter extends MemoryAdapter {
  calls = 0
  checkpoint(_job: Job): void {
    this.calls++
  }
}

type Loop = (step: Step, n: number) => void

const checkpointLoop: Loop = (step, n) => {
  for (let i = 0; i < n; i++) step.checkpoint()
}
const advanceLoop: Loop = (step, n) => {
  for (let i = 0; i < n; i++) step.advance()
}

class BenchJob extends ContinuableJob<[string, number]> {
  static result = 0
  async perform(kind: string, n: number): Promise<void> {
    await this.step('bench', (step) => {
      const loop = kind === 'checkpoint' ? checkpointLoop : advanceLoop
      loop(step, Math.min(n, 1_000_000)) // warm up
      const started = process.hrtime.bigint()
      loop(step, n)
      BenchJob.result = Number(process.hrtime.bigint() - started) / n
    }, { start: 0 })
  }
}

async function measure(label: string, adapter: QueueAdapter, kind: 'checkpoint' | 'advance'): Promise<void> {
  const runs: number[] = []
  for (let run = 0; run < 5; run++) {
    await BenchJob.performNow(adapter, kind, iterations)
    runs.push(BenchJob.result)
  }
  runs.sort((a, b) => a - b)
  console.log(`${label.padEnd(44)} ${runs[0].toFixed(2).padStart(7)} ns/call (median ${runs[2].toFixed(2)})`)
}

console.log(`engine checkpoint path, ${iterations.toLocaleString('en')} calls per run, best of 5`)
await measure('step.checkpoint()  (isStopping only)', new MemoryAdapter(), 'checkpoint')
await measure('step.advance()     (isStopping only)', new MemoryAdapter(), 'advance')
await measure('step.checkpoint()  (+ adapter.checkpoint hook)', new DurableLikeAdapter(), 'checkpoint')
await measure('step.advance()     (+ adapter.checkpoint hook)', new DurableLikeAdapter(), 'advance')
await measure('step.checkpoint()  (TestAdapter)', new TestAdapter(), 'checkpoint')
await measure('step.advance()     (TestAdapter)', new TestAdapter(), 'advance')
