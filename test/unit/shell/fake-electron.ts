// Test support: makes `import ... from 'electron'` resolve to a fake in this process, so the
// Electron-facing modules (preload, window, utility-port) run under plain node. The real
// 'electron' npm package would try to download its binary when imported.
import { registerHooks } from 'node:module'

declare global {
  var __fakeElectron: Record<string, unknown> | undefined
}

let installed = false

/**
 * Routes the 'electron' specifier to a module whose named exports are the given object's own
 * properties (read when the module is first imported). Call before importing the module under test.
 */
export function installFakeElectron(fake: Record<string, unknown>): void {
  if (installed) throw new Error('installFakeElectron: already installed in this process')
  installed = true
  globalThis.__fakeElectron = fake
  const names = Object.keys(fake)
  const source =
    'const fake = globalThis.__fakeElectron;\n' +
    names.map((name) => `export const ${name} = fake[${JSON.stringify(name)}];`).join('\n') +
    '\nexport default fake;\n'
  const url = `data:text/javascript,${encodeURIComponent(source)}`
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'electron') return { url, format: 'module', shortCircuit: true }
      return nextResolve(specifier, context)
    },
  })
}
