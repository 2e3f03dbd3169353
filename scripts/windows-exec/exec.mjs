#!/usr/bin/env node
// `exec COMMAND ARGS…` for cmd.exe. package.json's "cli" script is `exec node main/cli.ts`: POSIX
// shells run their exec builtin (node replaces the shell, so a signal sent to npm reaches the CLI)
// and never look for this file; cmd.exe, where npm runs scripts on Windows, has no exec and finds
// this bin in node_modules\.bin. It runs the command and ends with its exit code. Plain JavaScript:
// npm links it as a bin, and Node does not strip types under node_modules.
import { spawn } from 'node:child_process'

const [command, ...args] = process.argv.slice(2)
if (command === undefined) {
  console.error('usage: exec COMMAND [ARGS…]')
  process.exit(2)
}
// `node` is the Node running this (npm's PATH puts the pinned one first); spawning it directly
// avoids a shell, which would re-split arguments that npm has already quoted.
const child = spawn(command === 'node' ? process.execPath : command, args, { stdio: 'inherit' })
// Ctrl+C reaches every process of the console: the command decides what it means, this waits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('error', (error) => {
  console.error(`exec: ${command}: ${error.message}`)
  process.exit(127)
})
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)))
