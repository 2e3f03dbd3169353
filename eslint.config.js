// Lint: typescript-eslint's type-checked rules, React hooks rules, and ARCHITECTURE's layer rules
// (who may import whom) per folder. `npm run lint`; part of `npm test`.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** An import a folder must not make: the module patterns and why. */
const forbid = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports })

const ELECTRON = forbid(['electron', 'electron/*'], 'Only the Electron shell (main/*.ts) and the preload import electron.')
const RENDERER = forbid(['**/renderer/**'], 'main/ and preload/ never import the renderer.')
/**
 * Node's modules without the node: prefix (`fs` is as much Node as `node:fs`), as exact names: a
 * pattern `domain` would also match main/domain/. The prefixed ones are the pattern `node:*`.
 */
const nodeModules = (message) => builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message }))

const DOMAIN_ONLY = 'Domain types are compiled for the window too: no Node, no SQLite, nothing outside main/domain.'
const PRELOAD_SANDBOXED = 'The preload runs sandboxed: no Node modules, only electron\'s renderer APIs.'
const RENDERER_SANDBOXED = 'The renderer is a sandboxed web page: no Node, no Electron.'

/** Each folder's layer rule (ARCHITECTURE §2, §3; STYLE: who may import whom). */
const LAYERS = [
  {
    files: ['main/engine/**/*.ts'],
    patterns: [
      ELECTRON,
      RENDERER,
      forbid(['**/importer/**', '**/service/**', '**/worker/**', '**/cli/**', '**/cli.ts', '**/db/**', '**/domain/**', '**/preload/**'],
        'The engine is generic: it imports neither the importer nor any host (only its own files).'),
    ],
  },
  {
    files: ['main/domain/**/*.ts'],
    patterns: [
      forbid(['node:*', 'better-sqlite3', 'electron', '../*', '!./*'], DOMAIN_ONLY),
    ],
    paths: nodeModules(DOMAIN_ONLY),
  },
  {
    files: ['main/db/**/*.ts', 'main/importer/**/*.ts'],
    patterns: [
      ELECTRON,
      RENDERER,
      forbid(['**/service/**', '**/worker/**', '**/cli/**', '**/cli.ts', '**/preload/**'], 'db/ and importer/ run in the worker: no hosts, no window contract.'),
    ],
  },
  {
    files: ['main/service/**/*.ts', 'main/worker/**/*.ts', 'main/cli/**/*.ts', 'main/cli.ts'],
    patterns: [ELECTRON, RENDERER],
  },
  {
    // The Electron shell. cli.ts is a host of its own (above): a file gets the last matching entry's
    // patterns only, so it must not match this one too.
    files: ['main/*.ts'],
    ignores: ['main/cli.ts'],
    patterns: [
      RENDERER,
      forbid(['better-sqlite3'], 'The Electron shell reaches the database through ImportService; the worker is its only writer.'),
    ],
  },
  {
    files: ['preload/**/*.ts'],
    patterns: [
      RENDERER,
      forbid(['**/main/**'], 'The preload runs sandboxed: from main it may take types only.', true),
      forbid(['node:*', 'better-sqlite3'], PRELOAD_SANDBOXED),
    ],
    paths: nodeModules(PRELOAD_SANDBOXED),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    patterns: [
      forbid(['**/main/**'], 'The renderer knows main only through preload/api.ts.'),
      forbid(['**/preload/**', '!**/preload/api.ts'], 'The renderer sees the preload only through the types of preload/api.ts.'),
      forbid(['**/preload/api.ts'], 'The renderer imports only types from preload/api.ts (import type).', true),
      forbid(['electron', 'electron/*', 'node:*', 'better-sqlite3'], RENDERER_SANDBOXED),
    ],
    paths: nodeModules(RENDERER_SANDBOXED),
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'eslint.config.js', 'vitest.config.ts'] },
  // A disable comment that no longer silences anything is an error, so none goes stale.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a deliberate omission: an unused parameter an interface requires,
      // or the key a rest pattern leaves out (`const { [id]: _dropped, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // node:test's runner awaits every test() and suite it is handed; the promise they return is for nesting.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
    },
  },
  {
    // Plain JavaScript (the Windows `exec` bin: npm links it, and Node strips no types under
    // node_modules) is in no tsconfig, so it gets the untyped rules, and Node's globals.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts', 'test/renderer/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  ...LAYERS.map(({ files, ignores = [], patterns, paths = [] }) => ({
    files,
    ignores,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }] },
  })),
)
