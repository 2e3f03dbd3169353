// Recognizes files that are not CSV at all (CSV-RULES `not_csv`) by their first bytes.
import type { DetectedFormat } from '../../domain/failures.ts'

export interface OtherFormat {
  /** Which format it is, saved with the import (the window's not_csv view words it itself). */
  kind: DetectedFormat
  /** What the file is, for the message ("an Excel workbook (.xlsx)"). */
  format: string
  /** How to get a CSV out of it. */
  advice: string
}

const SAVE_FROM_SPREADSHEET = 'Open it in your spreadsheet app and save it as CSV (in Excel: File › Save As › "CSV UTF-8")'

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, k) => head[at + k] === b)
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1', from, Math.min(to, head.length))
}

/** The format of a file that is not CSV, from its first bytes (a few KiB), or null. */
export function recognizeOtherFormat(head: Uint8Array): OtherFormat | null {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    // A ZIP container; the first entries name the kind of document.
    const names = ascii(head, 0, head.length)
    if (names.includes('xl/') || names.includes('[Content_Types].xml')) {
      return { kind: 'xlsx', format: 'an Excel workbook (.xlsx)', advice: `${SAVE_FROM_SPREADSHEET}.` }
    }
    if (names.includes('opendocument.spreadsheet')) {
      return { kind: 'ods', format: 'an OpenDocument spreadsheet (.ods)', advice: 'Open it in LibreOffice Calc and choose File › Save As › "Text CSV".' }
    }
    if (names.includes('Index/') || names.includes('.iwa')) {
      return { kind: 'numbers', format: 'an Apple Numbers document', advice: 'Open it in Numbers and choose File › Export To › CSV.' }
    }
    return { kind: 'zip', format: 'a ZIP archive', advice: 'Unpack it and import the CSV file inside, or save the spreadsheet in it as CSV.' }
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: 'xls', format: 'a legacy Excel workbook (.xls)', advice: `${SAVE_FROM_SPREADSHEET}.` }
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { kind: 'pdf', format: 'a PDF document', advice: 'Export the contacts from the app that made it as CSV instead.' }
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png', 'a PNG image')
  if (startsWith(head, [0xff, 0xd8, 0xff])) return image('jpeg', 'a JPEG image')
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return image('gif', 'a GIF image')
  // vCard, possibly after a UTF-8 BOM and blank lines.
  const text = ascii(head, 0, 512).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()
  if (/^BEGIN:VCARD/i.test(text)) {
    return {
      kind: 'vcard',
      format: 'a contacts card file (vCard, .vcf)',
      advice: 'Export the contacts as CSV instead (Google Contacts: Export › Google CSV; Outlook: File › Export › CSV).',
    }
  }
  return null
}

function image(kind: 'png' | 'jpeg' | 'gif', format: string): OtherFormat {
  return { kind, format, advice: 'Export the contacts from the app you keep them in as a CSV file.' }
}
