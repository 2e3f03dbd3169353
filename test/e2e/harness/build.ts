// Runs once per e2e run (global setup): builds the real renderer with the renderer config of
// electron.vite.config.ts, and the real preload/index.ts for the browser with `electron` aliased to
// the shim. Nothing of the app is rewritten: only the module the preload imports its APIs from.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { resolveConfig } from 'electron-vite'
import { build } from 'vite'
import type { InlineConfig } from 'vite'
import { BUILD_ROOT, ELECTRON_SHIM, ROOT } from './paths.ts'

export async function buildRenderer(outDir: string): Promise<void> {
  // What `electron-vite build` sets before it resolves the config (base './' for file:// pages).
  process.env.NODE_ENV_ELECTRON_VITE = 'production'
  const resolved = await resolveConfig(
    { configFile: join(ROOT, 'electron.vite.config.ts'), root: ROOT, mode: 'production', logLevel: 'warn' },
    'build',
    'production',
  )
  const renderer = resolved.config?.renderer
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config')
  const config = { ...renderer, logLevel: 'warn', build: { ...renderer.build, outDir, emptyOutDir: true } }
  await build(config as InlineConfig)
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`The renderer build wrote no index.html to ${outDir}`)
}

export async function buildPreload(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    mode: 'production',
    resolve: { alias: [{ find: /^electron$/, replacement: ELECTRON_SHIM }] },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'chrome120',
      reportCompressedSize: false,
      rolldownOptions: {
        input: { preload: join(ROOT, 'preload', 'index.ts') },
        // A classic script run by page.addInitScript before the page's own scripts.
        output: { format: 'iife', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  })
  if (!existsSync(join(outDir, 'preload.js'))) throw new Error(`The preload build wrote no preload.js to ${outDir}`)
}

/** Builds both into a new folder under node_modules/.cache and returns it. */
export async function buildForE2e(): Promise<string> {
  mkdirSync(BUILD_ROOT, { recursive: true })
  const dir = mkdtempSync(join(BUILD_ROOT, 'importer-e2e-'))
  await buildRenderer(join(dir, 'renderer'))
  await buildPreload(join(dir, 'preload'))
  return dir
}
