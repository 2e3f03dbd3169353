// The real ImportWorker in this process, over an in-memory transport: for tests that wrap SQLite
// itself (fault injection) and so need the worker's connection in their own process.
import { ImportWorker } from '../../main/worker/import-worker.ts'
import type { ImportWorkerOptions } from '../../main/worker/import-worker.ts'
import type { HostToWorker, WorkerEvent, WorkerMethod, WorkerParams, WorkerRequest, WorkerResult, WorkerToHost } from '../../main/worker/protocol.ts'

export class InProcessWorker {
  readonly events: WorkerEvent[] = []
  private readonly worker: ImportWorker
  private toWorker: ((message: HostToWorker) => void) | null = null
  private seq = 0
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  private readonly eventWaiters: Array<() => void> = []
  private exited: (() => void) | null = null

  constructor(options: ImportWorkerOptions) {
    this.worker = new ImportWorker(
      {
        send: (message) => this.receive(message),
        onMessage: (listener) => {
          this.toWorker = listener
        },
        onDisconnect: () => {},
        exit: () => this.exited?.(),
      },
      options,
    )
    this.worker.start()
    // A worker runs nothing until its host says which imports it may run; these tests run them all.
    void this.request('runImports', { importIds: 'all' })
  }

  request<M extends WorkerMethod>(method: M, params: WorkerParams<M>): Promise<WorkerResult<M>> {
    const seq = ++this.seq
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject })
      this.toWorker?.({ kind: 'request', seq, request: { method, params } as WorkerRequest })
    })
  }

  /** The first event (from the start) that matches; waits for it when none has yet. */
  async waitForEvent(matches: (event: WorkerEvent) => boolean): Promise<WorkerEvent> {
    for (;;) {
      const found = this.events.find(matches)
      if (found) return found
      await new Promise<void>((resolve) => this.eventWaiters.push(resolve))
    }
  }

  async shutdown(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      this.exited = resolve
    })
    this.toWorker?.({ kind: 'shutdown' })
    await exited
  }

  private receive(message: WorkerToHost): void {
    if (message.kind === 'response') {
      const waiter = this.pending.get(message.seq)
      this.pending.delete(message.seq)
      if (message.ok) waiter?.resolve(message.result)
      else waiter?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
    } else if (message.kind === 'event') {
      this.events.push(message.event)
      for (const wake of this.eventWaiters.splice(0)) wake()
    }
  }
}
