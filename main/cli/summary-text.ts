// What the CLI prints about an import: the --json object (contract), the one-line outcome and the
// progress on stderr.
import type { ImportSummary } from '../../preload/api.ts'
import { describeMapping, encodingTitle, isValidEmail, mapColumns } from '../importer/csv/index.ts'

/** The object `--json` prints for one import (contract). */
export function jsonSummary(summary: ImportSummary): Record<string, unknown> {
  return {
    id: summary.id,
    status: summary.status,
    totalRows: summary.totalRows,
    processedCount: summary.processedCount,
    createdCount: summary.createdCount,
    updatedCount: summary.updatedCount,
    errorCount: summary.errorCount,
    failureReason: summary.failureReason,
    failureMessage: summary.failureMessage,
    encoding: summary.reading?.encoding ?? null,
    mapping: summary.reading?.mapping ?? null,
  }
}

export const numbers = new Intl.NumberFormat('en-US')

export function describe(summary: ImportSummary): string {
  const name = summary.fileName
  switch (summary.status) {
    case 'completed': {
      const errors = summary.errorCount > 0 ? ` (see them with: errors ${summary.id})` : ''
      return `${name}: import ${summary.id} done, ${numbers.format(summary.processedCount)} imported (${numbers.format(summary.createdCount)} new, ${numbers.format(summary.updatedCount)} updated), ${numbers.format(summary.errorCount)} errors${errors}${readingNote(summary)}`
    }
    case 'failed':
      return `${name}: import ${summary.id} failed (${summary.failureReason}): ${summary.failureMessage}${mapExample(summary)}`
    case 'cancelled':
      return `${name}: cancelled after ${numbers.format(summary.processedCount)} rows`
    case 'paused':
      // A pause the storage forced carries its own sentence (what happened, what is saved, what it needs).
      return summary.failureMessage
        ? `${name}: paused (${summary.failureReason}): ${summary.failureMessage} Run "resume" to continue.`
        : `${name}: paused at row ${numbers.format(summary.rowsRead)}`
    default:
      return `${name}: ${summary.status}`
  }
}

/** "; read as Windows-1252, header on line 4; Email Address → email": how the file was read, when not plain. */
function readingNote(summary: ImportSummary): string {
  const reading = summary.reading
  if (!reading) return ''
  const parts = [`read as ${encodingTitle(reading.encoding)}`]
  if (reading.headerLine > 1) parts.push(`header on line ${reading.headerLine}`)
  const mapping = describeMapping(reading.mapping)
  return `\n  ${parts.join(', ')}; ${mapping}`
}

/** For missing columns: an example of the --map options that would name them. */
function mapExample(summary: ImportSummary): string {
  if (summary.failureReason !== 'missing_headers' || !summary.fileHeaders) return ''
  // A "header" holding an email address is a data line: it has no column names to suggest.
  if (summary.fileHeaders.some((header) => isValidEmail(header.trim()))) return ''
  const found = mapColumns(summary.fileHeaders)
  const taken = new Set(Object.values(found.headers))
  const spare = summary.fileHeaders.filter((h) => h !== '' && !taken.has(h))
  const example = found.missing.map((field, k) => `--map ${field}=${quoteArg(spare[k] ?? 'COLUMN')}`).join(' ')
  return `\n  Name the columns on the command line, for example: ${example}`
}

function quoteArg(value: string): string {
  return /^[\w.@-]+$/.test(value) ? value : `"${value.replaceAll('"', '\\"')}"`
}

/** How far an import is (0..1) and its progress line, the words after the bar. */
export function progressLine(summary: ImportSummary): { fraction: number; text: string } {
  const checking = summary.status !== 'processing'
  const validRows = (summary.totalRows ?? 0) - summary.errorCount
  const fraction = checking
    ? summary.fileSize > 0 ? summary.bytesRead / summary.fileSize : 0
    : validRows > 0 ? summary.processedCount / validRows : 1
  const phase = summary.status === 'pending' ? 'waiting its turn' : checking ? 'checking' : 'importing'
  const rows = checking ? summary.rowsRead : summary.processedCount
  const rate = summary.rowsPerSecond ? ` · ${numbers.format(Math.round(summary.rowsPerSecond))} rows/s` : ''
  const left = summary.secondsLeft !== null ? ` · ${Math.ceil(summary.secondsLeft)} s left` : ''
  // In place of the speed: the worker is silent, and is restarted if it stays so.
  const speed = summary.unresponsive ? ' · not responding' : `${rate}${left}`
  return { fraction, text: `${summary.fileName} ${phase} ${(fraction * 100).toFixed(1)}% · ${numbers.format(rows)} rows${speed}` }
}

/** Progress on stderr: a redrawn bar on a TTY, a line every few seconds (and when the worker falls silent) otherwise. */
export class ProgressPrinter {
  private lastLineAt = 0
  private lastUnresponsive = false
  private drawn = false

  update(summary: ImportSummary): void {
    const { fraction, text } = progressLine(summary)
    const silenceChanged = summary.unresponsive !== this.lastUnresponsive
    this.lastUnresponsive = summary.unresponsive
    if (process.stderr.isTTY) {
      const width = 24
      const filled = Math.round(Math.min(1, fraction) * width)
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`)
      this.drawn = true
    } else if (silenceChanged || Date.now() - this.lastLineAt >= 2000) {
      this.lastLineAt = Date.now()
      process.stderr.write(`${text}\n`)
    }
  }

  done(line: string): void {
    if (this.drawn) process.stderr.write('\r\x1b[K')
    this.drawn = false
    process.stderr.write(`${line}\n`)
  }
}
