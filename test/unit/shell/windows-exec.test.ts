// `npm run cli` is `exec node main/cli.ts`: POSIX shells use their exec builtin (so a signal sent
// to npm reaches the CLI: test/integration/cli.test.ts), and cmd.exe, which has no exec, finds the
// `exec` bin of scripts/windows-exec in node_modules/.bin. Here: that bin passes arguments through
// untouched, ends with the command's exit code and hands signals on.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

const root = join(import.meta.dirname, '../../..')
const execBin = join(root, 'scripts/windows-exec/exec.mjs')

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

function runExec(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Result> {
  const child = spawn(process.execPath, [execBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    onStdout?.(stdout, child)
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }))
}

test('the cli script keeps exec, and npm links the exec bin for cmd.exe from a devDependency', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> }
  assert.match(pkg.scripts.cli, /^exec node main\/cli\.ts$/)
  assert.equal(pkg.devDependencies['windows-exec'], 'file:scripts/windows-exec')
  const bin = JSON.parse(readFileSync(join(root, 'scripts/windows-exec/package.json'), 'utf8')) as { bin: Record<string, string> }
  assert.deepEqual(bin.bin, { exec: 'exec.mjs' })
  assert.match(readFileSync(execBin, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'npm writes exec.cmd to run it with node')
})

test('exec node …: arguments arrive as given, the exit code is the command’s', async () => {
  const printArgs = 'console.log(JSON.stringify(process.argv.slice(1))); process.exit(7)'
  const result = await runExec(['node', '-e', printArgs, 'import', 'my contacts.csv', '--map', 'email="E-mail"'])
  assert.equal(result.code, 7, result.stderr)
  assert.deepEqual(JSON.parse(result.stdout), ['import', 'my contacts.csv', '--map', 'email="E-mail"'])
})

test('a signal sent to exec reaches the command, whose exit code exec ends with', async () => {
  const waitForTerm = "process.on('SIGTERM', () => process.exit(42)); console.log('ready'); setInterval(() => {}, 1000)"
  let signalled = false
  const result = await runExec(['node', '-e', waitForTerm], (text, child) => {
    if (!signalled && text.includes('ready')) {
      signalled = true
      child.kill('SIGTERM')
    }
  })
  assert.equal(result.code, 42)
})

test('a command that cannot be started: exit 127 with its name', async () => {
  const result = await runExec(['no-such-command-for-exec'])
  assert.equal(result.code, 127)
  assert.match(result.stderr, /exec: no-such-command-for-exec: /)
})
