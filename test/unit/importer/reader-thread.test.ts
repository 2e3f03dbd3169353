// The import job's reader thread, for real (a worker thread on real files): it hands over exactly
// what the record reader gives in this thread, reads no further ahead than its credits, and its
// errors arrive as the same classes with the same fields.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { open } from 'node:fs/promises'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { FileRejection, createRecordReader, readLayout } from '../../../main/importer/csv/index.ts'
import type { CsvLayout, RecordOutcome, ScanPosition } from '../../../main/importer/csv/index.ts'
import { NotARegularFileError } from '../../../main/importer/file-identity.ts'
import { deserializeReaderError, serializeReaderError } from '../../../main/importer/reader-thread/protocol.ts'
import type { ParsedBatch, ReaderMessage } from '../../../main/importer/reader-thread/protocol.ts'
import { BATCHES_AHEAD, ReaderThread } from '../../../main/importer/reader-thread/reader-thread.ts'
import { tempDir } from '../../support/processes.ts'

const temp = tempDir('reader-thread')
after(() => temp.remove())

const HEADER = 'email,first_name,last_name\n'

function writeCsv(name: string, body: string): string {
  const path = join(temp.dir, name)
  writeFileSync(path, HEADER + body)
  return path
}

function rows(count: number, bad = 7): string {
  let body = ''
  for (let i = 1; i <= count; i++) body += i % bad === 0 ? `not-an-email-${i},Bo,Chen\n` : `user${i}@example.com,Ána ${i},"Lima, ${i}"\n`
  return body
}

async function layoutOf(path: string): Promise<{ layout: CsvLayout; start: ScanPosition }> {
  const { layout, start } = await readLayout(path)
  return { layout, start }
}

/** The Worker the next ReaderThread starts (Node publishes each new thread on this channel). */
function nextThread(): Promise<Worker> {
  return new Promise((resolve) => {
    const listener = (message: unknown) => {
      unsubscribe('worker_threads', listener)
      resolve((message as { worker: Worker }).worker)
    }
    subscribe('worker_threads', listener)
  })
}

/** Outcomes of a batch: its contacts, then its row errors. */
function outcomesOf(batch: ParsedBatch): Array<[number, string, string, string] | [number, string]> {
  const out: Array<[number, string, string, string] | [number, string]> = []
  let from = 0
  for (let i = 0; i < batch.contactRows.length; i++) {
    const ends = [batch.fieldEnds[3 * i], batch.fieldEnds[3 * i + 1], batch.fieldEnds[3 * i + 2]]
    out.push([batch.contactRows[i], batch.text.slice(from, ends[0]), batch.text.slice(ends[0], ends[1]), batch.text.slice(ends[1], ends[2])])
    from = ends[2]
  }
  for (const r of batch.rejected) out.push([r.row, r.code])
  return out
}

/** The record reader's outcomes as a batch holds them: contacts in email order (rows of one email in file order), then row errors. */
function sameShape(outcomes: RecordOutcome[]): Array<[number, string, string, string] | [number, string]> {
  const contacts = outcomes.flatMap((o) => (o.kind === 'contact' ? [[o.row, o.email, o.firstName, o.lastName] as [number, string, string, string]] : []))
  contacts.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]))
  return [
    ...contacts,
    ...outcomes.flatMap((o) => (o.kind === 'error' ? [[o.row, o.code] as [number, string]] : [])),
  ]
}

test('each batch is what the record reader gives for the same chunk here, with its position; resumed mid-file too', async () => {
  const path = writeCsv('same.csv', rows(3_000))
  const { layout, start: first } = await layoutOf(path)
  const bytes = readFileSync(path)
  const chunkBytes = 4096
  for (const start of [first, null]) {
    // null: resume from the position after the 5th chunk, as a saved cursor would.
    let from = start
    if (from === null) {
      const reader = createRecordReader(layout, first)
      for (let offset = first.offset, i = 0; i < 5; i++, offset += chunkBytes) reader.push(bytes.subarray(offset, offset + chunkBytes))
      from = reader.position
    }
    const here = createRecordReader(layout, from)
    const thread = new ReaderThread({ filePath: path, layout, start: from, chunkBytes, timed: false })
    try {
      await thread.opened
      let offset = from.offset
      for (;;) {
        const batch = await thread.next()
        const chunk = bytes.subarray(offset, offset + chunkBytes)
        offset += chunk.length
        const expected = chunk.length === 0 ? here.end() : here.push(chunk)
        assert.deepEqual(outcomesOf(batch), sameShape(expected))
        assert.deepEqual(batch.position, here.position)
        assert.equal(batch.fileOffset, offset)
        assert.equal(batch.atEnd, chunk.length === 0)
        if (batch.atEnd) break
      }
    } finally {
      await thread.close()
    }
  }
})

test(`the thread reads at most ${BATCHES_AHEAD} batches ahead of the job, one more for each batch taken`, async () => {
  const path = writeCsv('bound.csv', rows(2_000))
  const { layout, start } = await layoutOf(path)
  const started = nextThread()
  const thread = new ReaderThread({ filePath: path, layout, start, chunkBytes: 1024, timed: false })
  const worker = await started
  const seen: ReaderMessage['kind'][] = []
  let outOfCredit: (() => void) | null = null
  worker.on('message', (message: ReaderMessage) => {
    seen.push(message.kind)
    if (message.kind === 'out-of-credit') outOfCredit?.()
  })
  const stalls = () => new Promise<void>((resolve) => (outOfCredit = resolve))
  try {
    // Nothing taken: the thread stops after the batches it was granted (a file of ~100 chunks).
    await stalls()
    assert.deepEqual(seen, ['opened', ...Array<string>(BATCHES_AHEAD).fill('batch'), 'out-of-credit'])
    seen.length = 0
    const stalledAgain = stalls()
    await thread.next()
    await stalledAgain
    assert.deepEqual(seen, ['batch', 'out-of-credit'])
  } finally {
    await thread.close()
  }
  assert.equal(worker.threadId, -1, 'close() waits until the thread has ended')
})

test('a file rejection thrown in the thread arrives as the same FileRejection, after the batches before it', async () => {
  const path = writeCsv('unterminated.csv', `${rows(300)}ana@example.com,"Ana,Lima\n`)
  const { layout, start } = await layoutOf(path)
  let expected: FileRejection | null = null
  const here = createRecordReader(layout, start)
  let before = 0
  try {
    before += here.push(readFileSync(path).subarray(start.offset)).length
    here.end()
  } catch (error) {
    expected = error as FileRejection
  }
  assert.ok(expected instanceof FileRejection)
  const thread = new ReaderThread({ filePath: path, layout, start, chunkBytes: 2048, timed: false })
  let staged = 0
  try {
    await thread.opened
    const error = await (async () => {
      for (;;) staged += await thread.next().then((batch) => batch.contactRows.length + batch.rejected.length)
    })().catch((e: unknown) => e)
    assert.ok(error instanceof FileRejection, String(error))
    assert.deepEqual(
      { reason: error.reason, message: error.message, line: error.line, fileHeaders: error.fileHeaders, detectedFormat: error.detectedFormat, name: error.name },
      { reason: expected.reason, message: expected.message, line: expected.line, fileHeaders: expected.fileHeaders, detectedFormat: expected.detectedFormat, name: expected.name },
    )
    assert.equal(staged, before, 'every row before the rejection came first')
    await assert.rejects(thread.next(), FileRejection, 'the error stays: the reading is over')
  } finally {
    await thread.close()
  }
})

test('opening: a missing file fails with its errno error, a FIFO at once with NotARegularFileError; the thread ends', async () => {
  const layout: CsvLayout = { delimiter: ',', headers: ['email', 'first_name', 'last_name'], fieldCount: 3, emailIndex: 0, firstNameIndex: 1, lastNameIndex: 2 }
  const start = { offset: HEADER.length, row: 0, line: 2 }
  const missing = join(temp.dir, 'missing.csv')
  const direct = (await open(missing).then(
    () => assert.fail('the file is missing'),
    (e: unknown) => e,
  )) as NodeJS.ErrnoException
  const cases: Array<[string, (error: unknown) => void]> = [
    [
      missing,
      (error) => {
        assert.ok(error instanceof Error)
        const { code, errno, syscall, path, message, name } = error as NodeJS.ErrnoException
        assert.deepEqual({ code, errno, syscall, path, message, name }, { code: direct.code, errno: direct.errno, syscall: direct.syscall, path: direct.path, message: direct.message, name: direct.name })
      },
    ],
  ]
  if (process.platform !== 'win32') {
    const fifo = join(temp.dir, 'fifo.csv')
    execFileSync('mkfifo', [fifo])
    // Without O_NONBLOCK in the thread the open would wait for a writer for ever (the test times out).
    cases.push([fifo, (error) => assert.ok(error instanceof NotARegularFileError, String(error))])
  }
  for (const [filePath, check] of cases) {
    const started = nextThread()
    const thread = new ReaderThread({ filePath, layout, start, chunkBytes: 1024, timed: false })
    const worker = await started
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    check(await thread.opened.catch((e: unknown) => e))
    // The thread ends by itself after failing; close() is then a no-op.
    await ended
    await thread.close()
  }
})

test('errors keep their class and fields through serialization: errno errors keep code, errno, syscall and path', () => {
  const io: NodeJS.ErrnoException = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', errno: -5, syscall: 'read' })
  const back = deserializeReaderError(serializeReaderError(io)) as NodeJS.ErrnoException
  assert.deepEqual([back.name, back.message, back.code, back.errno, back.syscall, back.path], ['Error', 'EIO: i/o error, read', 'EIO', -5, 'read', undefined])
  const rejection = new FileRejection('not_csv', 'This file is xlsx.', null, null, 'xlsx')
  const rebuilt = deserializeReaderError(serializeReaderError(rejection))
  assert.ok(rebuilt instanceof FileRejection)
  assert.deepEqual({ ...rebuilt, message: rebuilt.message }, { ...rejection, message: rejection.message })
  const other = deserializeReaderError(serializeReaderError(new RangeError('out of range')))
  assert.deepEqual([other.name, other.message], ['RangeError', 'out of range'])
})
