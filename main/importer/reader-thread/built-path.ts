// Runs in the built import worker (and main, which lists the built paths): where the build put the
// reader thread's script. electron.vite.config.ts writes it beside the worker bundle, and
// package.json "build".asarUnpack keeps it outside app.asar: a worker thread's script is not read
// from the archive.
import { join } from 'node:path'

/** File name of the reader thread's bundle, beside the worker bundle. */
export const READER_THREAD_BUNDLE = 'reader-thread.mjs'

export function builtReaderThread(workerBundleDir: string): string {
  return unpackedFromAsar(join(workerBundleDir, READER_THREAD_BUNDLE))
}

/** Where electron-builder puts a file of app.asar that asarUnpack names: app.asar.unpacked, same path. */
export function unpackedFromAsar(path: string): string {
  return path.replace(/\.asar(?=[\\/])/, '.asar.unpacked')
}
