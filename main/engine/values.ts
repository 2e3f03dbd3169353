// Small value helpers of the engine: copying JSON state and naming what was thrown, as Ruby would.

/** Copy arrays and plain objects deeply so callers cannot alias a job's state; other values as is. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return value
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: cloneJson(item), writable: true, enumerable: true, configurable: true })
    }
    return copy as T
  }
  return value
}

export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    // Ruby logs the exception's class; a subclass that kept the default `name` is known by its class.
    const name = error.name !== 'Error' ? error.name : error.constructor.name || 'Error'
    return { name, message: error.message }
  }
  return { name: typeName(error), message: String(error) }
}

export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object' || typeof value === 'function') {
    return (value as { constructor?: { name?: string } }).constructor?.name || 'Object'
  }
  return typeof value
}
