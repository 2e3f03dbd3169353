// The CLI's command line: what parseArgs splits, checked with the CLI's own messages, first problem first.
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { HelpRequest, UsageError, parseCliArgs } from '../../../main/cli/args.ts'

const DATA = ['--data-dir', '/tmp/importer-data']

function usageMessage(argv: string[]): string {
  try {
    parseCliArgs(argv)
  } catch (error) {
    assert.ok(error instanceof UsageError, `${argv.join(' ')} throws a UsageError, not ${String(error)}`)
    return error.message
  }
  assert.fail(`${argv.join(' ')} was accepted`)
}

test('a command with its options, in any order; a FILE is resolved against the current folder', () => {
  const parsed = parseCliArgs(['--json', 'import', 'contacts.csv', ...DATA])
  assert.deepEqual(parsed, {
    command: 'import', positional: [resolve('contacts.csv')], json: true, format: 'csv', dataDir: '/tmp/importer-data', mapping: {}, encoding: null,
  })
  const mapped = parseCliArgs(['import', 'de.csv', '--map', 'first_name=Vorname', '--map=last_name=Nach name', '--encoding', 'latin1', ...DATA])
  assert.deepEqual([mapped.mapping, mapped.encoding], [{ first_name: 'Vorname', last_name: 'Nach name' }, 'windows-1252'])
  assert.equal(parseCliArgs(['errors', '3', '--format=json', ...DATA]).format, 'json')
  assert.equal(parseCliArgs(['errors', '3', '--format', 'csv', ...DATA]).format, 'csv')
})

test('after -- everything is positional', () => {
  assert.deepEqual(parseCliArgs(['import', ...DATA, '--', '--json']).positional, [resolve('--json')])
})

test('unknown options, bad --format values and values given to flags are usage errors with our messages', () => {
  assert.equal(usageMessage(['list', '--frobnicate', ...DATA]), 'Unknown option --frobnicate')
  assert.equal(usageMessage(['list', '--json=yes', ...DATA]), 'Unknown option --json=yes')
  assert.equal(usageMessage(['errors', '1', '--format', 'xml', ...DATA]), '--format takes csv or json, not xml')
  assert.equal(usageMessage(['errors', '1', ...DATA, '--format']), '--format takes csv or json, not nothing')
  assert.equal(usageMessage([...DATA]), '')
})

test('the first problem in the command line is the one reported; --help before it asks for help', () => {
  assert.equal(usageMessage(['list', '--nope', '--help', ...DATA]), 'Unknown option --nope')
  assert.throws(() => parseCliArgs(['list', '--help', '--nope', ...DATA]), HelpRequest)
  assert.throws(() => parseCliArgs(['-h']), HelpRequest)
})
