// The CLI as a real child process: its exit code and what it printed.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Starts `node main/cli.ts ...args`; `stderrMatches` resolves once its stderr matches. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const watchers: Array<() => void> = []
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const watch of [...watchers]) watch()
  })
  const done = once(child, 'exit').then(([code, signal]): CliResult => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }))
  const stderrMatches = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const watch = () => {
        if (!pattern.test(stderr)) return
        watchers.splice(watchers.indexOf(watch), 1)
        resolve()
      }
      watchers.push(watch)
      watch()
      void done.then(() => reject(new Error(`the CLI exited before its stderr matched ${pattern}: ${stderr}`)))
    })
  return { child, done, stderrMatches }
}

/** Runs `node main/cli.ts ...args` to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done
}
