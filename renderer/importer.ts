// Runs in the renderer: the one way to reach main. window.importer is exposed by the preload and typed
// by preload/api.ts; nothing else crosses the boundary.
import type { ImporterApi } from '../preload/api.ts'

declare global {
  interface Window {
    importer?: ImporterApi
  }
}

export class ImporterUnavailableError extends Error {
  constructor() {
    super('This window must be opened by the Contacts Importer app.')
    this.name = 'ImporterUnavailableError'
  }
}

export function hasImporter(): boolean {
  return typeof window !== 'undefined' && window.importer !== undefined
}

export function importer(): ImporterApi {
  const api = typeof window === 'undefined' ? undefined : window.importer
  if (!api) throw new ImporterUnavailableError()
  return api
}
