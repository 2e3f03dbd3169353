// Runs in the renderer: every number, size, duration and time the window shows, in the user's locale.

let locale: string | undefined

const cache = new Map<string, Intl.NumberFormat>()

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = cache.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, options)
    cache.set(key, format)
  }
  return format
}

/** Pins the locale (tests); undefined means the system's. */
export function setFormatLocale(next: string | undefined): void {
  locale = next
  cache.clear()
}

/** 1234567 → "1,234,567" (grouping of the user's locale). */
export function formatCount(value: number): string {
  return numberFormat('count', { maximumFractionDigits: 0 }).format(value)
}

/** "1 error", "2,088 errors". */
export function plural(value: number, one: string, many: string): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`
}

/** A fraction 0..1 as "71%" or, with decimals, "71.2%". Rounds down: 100% only when done. */
export function formatPercent(fraction: number, decimals = 0): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  const scale = 100 * 10 ** decimals
  const shown = Math.floor(clamped * scale) / scale
  return numberFormat(`pct${decimals}`, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(shown)
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const

/** Decimal units as file managers show them: "48.6 MB", "912 KB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${formatCount(bytes)} bytes`
  let value = bytes
  let unit = 0
  while (value >= 999.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit += 1
  }
  const digits = value < 100 ? 1 : 0
  const text = numberFormat(`bytes${digits}`, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)
  return `${text} ${BYTE_UNITS[unit]}`
}

/** Throughput: "312,000 rows/s"; large rates are rounded to three significant digits so they settle. */
export function formatRate(rowsPerSecond: number): string {
  const rounded = rowsPerSecond >= 1000 ? Number(rowsPerSecond.toPrecision(3)) : Math.round(rowsPerSecond)
  return `${formatCount(rounded)} rows/s`
}

/** Time left, said the way a person would: "about 4 s", "about 3 min", "about 1 h 20 min". */
export function formatTimeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'a while'
  if (seconds < 1.5) return 'a moment'
  if (seconds < 10) return `about ${Math.round(seconds)} s`
  if (seconds < 55) return `about ${Math.round(seconds / 5) * 5} s`
  if (seconds < 90) return 'about 1 min'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `about ${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`
}

/** Elapsed time, exact enough for a summary: "under 1 s", "42 s", "3 min", "1 h 20 min". */
export function formatDuration(milliseconds: number): string {
  // A small file takes a fraction of a second; "0 s" would read as if nothing ran.
  if (!(milliseconds >= 1000)) return 'under 1 s'
  const seconds = Math.round(milliseconds / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

/** Clock time for today ("14:02"), date and time otherwise ("3 Mar, 14:02"). */
export function formatClock(epochMs: number, now: number = Date.now()): string {
  const date = new Date(epochMs)
  const today = new Date(now)
  const sameDay =
    date.getFullYear() === today.getFullYear() &&
    date.getMonth() === today.getMonth() &&
    date.getDate() === today.getDate()
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }
  return new Intl.DateTimeFormat(locale, options).format(date)
}

/** A list in prose: "email, name, last_name". */
export function formatList(items: readonly string[]): string {
  return items.join(', ')
}
