// The source file's identity and how it is opened: a FIFO or a folder is refused at once (never
// waited on), and a same-size edit past the first 64 KiB with its mtime put back is still seen.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, openSync, statSync, utimesSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { HEAD_BYTES, NotARegularFileError, SAMPLE_BYTES, describeChange, identifyFile, openRegularFile, sampleOffsets } from '../../../main/importer/file-identity.ts'
import { tempDir } from '../../support/processes.ts'

const temp = tempDir('file-identity')
after(() => temp.remove())

function writeFile(name: string, bytes: number): string {
  const path = join(temp.dir, name)
  writeFileSync(path, Buffer.alloc(bytes, 'a'))
  return path
}

test('a FIFO is refused at once, not waited on', { skip: process.platform === 'win32' ? 'skipped: no FIFOs on Windows' : false }, async () => {
  const fifo = join(temp.dir, 'contacts.csv')
  execFileSync('mkfifo', [fifo])
  // Without O_NONBLOCK the open below waits for a writer for ever (this test then times out).
  await assert.rejects(openRegularFile(fifo), NotARegularFileError)
  await assert.rejects(identifyFile(fifo), NotARegularFileError)
})

test('a folder is refused', async () => {
  const folder = join(temp.dir, 'folder.csv')
  mkdirSync(folder)
  await assert.rejects(openRegularFile(folder), NotARegularFileError)
})

test('samples are spread after the head, the last one ending at the end of the file', () => {
  assert.deepEqual(sampleOffsets(HEAD_BYTES), [])
  const size = 10 * 1024 * 1024
  const offsets = sampleOffsets(size)
  assert.equal(offsets.length, 16)
  assert.ok(offsets.every((offset, i) => offset >= HEAD_BYTES && (i === 0 || offset > offsets[i - 1])))
  assert.equal(offsets.at(-1)! + SAMPLE_BYTES, size)
})

test('a same-size edit past the head, with the mtime put back, is a change', async () => {
  const path = writeFile('edited.csv', 5 * 1024 * 1024)
  const before = await identifyFile(path)
  const { atime, mtime } = statSync(path)
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.from('zzzz'), 0, 4, sampleOffsets(before.size)[7] + 100)
  closeSync(fd)
  utimesSync(path, atime, mtime)
  const now = await identifyFile(path)
  assert.equal(now.size, before.size)
  assert.equal(now.headHash, before.headHash)
  assert.equal(describeChange(before, now), 'its contents changed')
})

test('an unchanged file is the same; an identity saved before samples were kept is checked without them', async () => {
  const path = writeFile('same.csv', 300 * 1024)
  const saved = await identifyFile(path)
  assert.equal(describeChange(saved, await identifyFile(path)), null)
  assert.equal(describeChange({ ...saved, sampleHash: null }, await identifyFile(path)), null)
})
