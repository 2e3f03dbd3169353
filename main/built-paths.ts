// Runs in any host: where the built app's parts sit relative to the built main bundle (out/main/,
// or resources/app.asar/out/main/ once packaged; electron.vite.config.ts writes this layout).
import { join } from 'node:path'
import { builtReaderThread } from './importer/reader-thread/built-path.ts'

/** File name of the worker bundle, next to the main bundle. */
export const WORKER_BUNDLE = 'worker.js'

export interface BuiltPaths {
  preload: string
  indexHtml: string
  worker: string
  /** The worker's reader thread, outside the asar archive once packaged. */
  readerThread: string
}

/** The files main hands to Electron, from the folder of the built main bundle (import.meta.dirname). */
export function builtPaths(bundleDir: string): BuiltPaths {
  return {
    preload: join(bundleDir, '../preload/index.cjs'),
    indexHtml: join(bundleDir, '../renderer/index.html'),
    worker: join(bundleDir, WORKER_BUNDLE),
    readerThread: builtReaderThread(bundleDir),
  }
}
