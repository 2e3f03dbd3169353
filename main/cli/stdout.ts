// The CLI's standard output: writes wait until stdout has taken them (a slow reader slows the
// producer instead of filling memory), and a reader that goes away (`errors 1 | head`) ends the
// output quietly instead of with an EPIPE stack trace.

/** The reader of stdout has gone: stop producing output; not a failure. */
export class OutputClosed extends Error {
  override name = 'OutputClosed'
}

function isClosedPipe(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED'
}

/**
 * Listens for stdout's errors for the rest of the process: a closed pipe is reported to the writer
 * that hit it (writeOut rejects with OutputClosed); anything else is said once on stderr, exit 2.
 */
export function watchStdout(): void {
  let reported = false
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (isClosedPipe(error) || reported) return
    reported = true
    process.stderr.write(`error: the output cannot be written (${error.code ?? error.message})\n`)
    process.exitCode = 2
  })
}

/** Resolves once stdout has taken the chunk; rejects with OutputClosed when its reader has gone. */
export function writeOut(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => {
      if (!error) resolve()
      else reject(isClosedPipe(error) ? new OutputClosed() : error)
    })
  })
}
