// The one file check (main/service/file-check.ts) on real files, links, FIFOs and system trees.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { checkImportableFile } from '../../../main/service/file-check.ts'

const dir = mkdtempSync(join(tmpdir(), 'importer-file-check-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const csv = join(dir, 'contacts.csv')
writeFileSync(csv, 'email,first_name,last_name\na@b.co,A,B\n')

async function refusal(path: string): Promise<string> {
  const check = await checkImportableFile(path)
  assert.equal(check.ok, false, `${path} was accepted`)
  return (check as { message: string }).message
}

test('regular files named .csv, .tsv or .txt (any case) are accepted, also through a link', async () => {
  for (const name of ['a.csv', 'b.TSV', 'c.Txt', 'd.CsV']) {
    writeFileSync(join(dir, name), 'email\n')
    assert.deepEqual(await checkImportableFile(join(dir, name)), { ok: true }, name)
  }
  const link = join(dir, 'link.csv')
  symlinkSync(csv, link)
  assert.deepEqual(await checkImportableFile(link), { ok: true })
})

test('other names are refused with a clear message, a link named .csv to one of them too', async () => {
  for (const name of ['contacts.xlsx', 'contacts', 'contacts.csv.exe', '.csv']) {
    writeFileSync(join(dir, name), 'email\n')
    assert.match(await refusal(join(dir, name)), /is not a CSV file: only files named \.csv, \.tsv, \.txt can be imported/, name)
  }
  assert.match(await refusal('/etc/passwd'), /^"passwd" is not a CSV file/)
  const disguised = join(dir, 'passwd.csv')
  symlinkSync('/etc/passwd', disguised)
  assert.match(await refusal(disguised), /^"passwd\.csv" \(it is passwd\) is not a CSV file/)
})

test('nothing under /proc, /sys or /dev, however it is reached', async () => {
  const cases: Array<[string, string]> = [
    ['status.csv', '/proc/self/status'],
    ['null.csv', '/dev/null'],
    ['kernel.txt', '/sys/kernel/mm'],
  ]
  for (const [name, target] of cases) {
    const link = join(dir, name)
    symlinkSync(target, link)
    assert.match(await refusal(link), /is in a system folder \(\/proc, \/sys, \/dev\)/, target)
  }
  assert.match(await refusal('/dev/stdin'), /system folder/)
  assert.match(await refusal('/proc/self/environ'), /system folder/)
})

test('folders, FIFOs, missing files and dangling links say what they are', async () => {
  const folder = join(dir, 'a-folder.csv')
  mkdirSync(folder)
  assert.equal(await refusal(folder), '"a-folder.csv" is a folder. Choose a CSV file instead.')
  const dangling = join(dir, 'dangling.csv')
  symlinkSync(join(dir, 'nowhere.csv'), dangling)
  assert.match(await refusal(dangling), /could not be found/)
  assert.match(await refusal(join(csv, 'child.csv')), /could not be found/)
  const loop = join(dir, 'loop.csv')
  symlinkSync(loop, loop)
  assert.match(await refusal(loop), /points to itself/)
  if (process.platform !== 'win32') {
    // A FIFO no one writes to: a blocking open() would hang here for ever.
    const fifo = join(dir, 'pipe.csv')
    execFileSync('mkfifo', [fifo])
    assert.match(await refusal(fifo), /not a regular file/)
  }
})

test('an unreadable file', async () => {
  const secret = join(dir, 'secret.csv')
  writeFileSync(secret, 'email\n', { mode: 0o000 })
  if (process.getuid?.() !== 0) assert.match(await refusal(secret), /permission denied/)
  // Root reads every file, so the file system's refusal is injected: what the person reads is the same.
  const denied = () => Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${secret}'`), { code: 'EACCES' }))
  const check = await checkImportableFile(secret, denied)
  assert.deepEqual(check, { ok: false, message: '"secret.csv" cannot be read: permission denied. Check the file\'s permissions and try again.' })
})
