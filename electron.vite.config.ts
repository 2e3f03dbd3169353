// Build of the three Electron targets (electron-vite 6 on Vite 8 / Rolldown):
//   out/main/index.js      main process (ESM: package.json has "type": "module")
//   out/main/worker.js     the import worker, forked by main/utility-port.ts by that path
//   out/main/reader-thread.mjs + chunks/reader-*.mjs
//                          the worker's reader thread (node:worker_threads) and the modules it runs;
//                          packed outside app.asar (package.json "build".asarUnpack), .mjs so they
//                          load as ES modules there, where no package.json says "type": "module"
//   out/preload/index.cjs  the preload (CommonJS: a sandboxed preload cannot be an ES module)
//   out/renderer/          the page (renderer/index.html)
// IMPORTER_BUILD_OUT_DIR moves the whole out/ tree (the build test builds into a temp folder).
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

/**
 * What the reader thread (main/importer/reader-thread/thread.ts) imports goes in one chunk of its
 * own, with its dependencies: the thread then imports nothing from inside app.asar. The build test
 * checks that the thread and this chunk import nothing else.
 */
const READER_THREAD_MODULES = /[\\/]main[\\/]importer[\\/](csv[\\/]|reader-thread[\\/](protocol|batch-reader)\.ts$|file-identity\.ts$)/
const READER_THREAD_CHUNK = 'reader'

const root = import.meta.dirname
const outDir = resolve(root, process.env.IMPORTER_BUILD_OUT_DIR || 'out')

export default defineConfig({
  main: {
    build: {
      outDir: resolve(outDir, 'main'),
      // Dependencies (better-sqlite3 with its native addon, papaparse) stay require()d from
      // node_modules; better-sqlite3 is named as well so it can never be bundled by accident.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          worker: resolve(root, 'main/worker/index.ts'),
          'reader-thread': resolve(root, 'main/importer/reader-thread/thread.ts'),
        },
        external: ['better-sqlite3'],
        output: {
          format: 'es',
          entryFileNames: (entry) => (entry.name === 'reader-thread' ? '[name].mjs' : '[name].js'),
          chunkFileNames: (chunk) => (chunk.name === READER_THREAD_CHUNK ? 'chunks/[name]-[hash].mjs' : 'chunks/[name]-[hash].js'),
          codeSplitting: { groups: [{ name: READER_THREAD_CHUNK, test: READER_THREAD_MODULES }] },
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(outDir, 'preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          // One self-contained file: a sandboxed preload can require() only electron's own modules.
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(outDir, 'renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
})
