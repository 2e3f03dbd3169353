// Which encoding a CSV file is read in (CSV-RULES "Encoding"), and how its bytes become text.
// Decoding is always the runtime's TextDecoder; no code table is written here.
import { isUtf8 } from 'node:buffer'
import { TextDecoder } from 'node:util'
import chardet from 'chardet'
import { utf8SequenceLength } from './text.ts'

/** How the reader walks the file's bytes for a given encoding. */
export type EncodingKind =
  /** UTF-8: validated, decoded with Buffer's fast path. */
  | 'utf8'
  /**
   * An ASCII-compatible legacy encoding whose multi-byte sequences never contain the bytes of
   * `"` `,` `;` tab CR LF (single-byte code pages; Shift_JIS, EUC-JP, GBK/gb18030, Big5, EUC-KR:
   * their trail bytes are 0x30-0x39 or >= 0x40), so records are found on the raw bytes.
   */
  | 'bytes'
  /** UTF-16: records are found on code units; every code unit is two bytes of the file. */
  | 'utf16le'
  | 'utf16be'

export interface FileEncoding {
  /** WHATWG name, as TextDecoder reports it (`utf-8`, `windows-1252`, `shift_jis`, `utf-16le`). */
  name: string
  kind: EncodingKind
  /** Bytes of the byte order mark at the start of the file that are not text (0 when none). */
  bomLength: number
}

/** Bytes the detector looks at (CSV-RULES: the first 64 KiB). */
export const DETECTION_BYTES = 65_536

/**
 * Encodings refused even though TextDecoder knows them: ISO-2022-JP's double-byte text uses the
 * bytes of `"` and `,`, so its records cannot be found on raw bytes; `replacement` decodes nothing.
 */
const UNSUPPORTED = new Set(['iso-2022-jp', 'replacement'])

/** Detector names (chardet) of encodings for non-Latin scripts: only these override Windows-1252. */
const NON_LATIN = new Set([
  'shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr',
  'windows-1251', 'koi8-r', 'iso-8859-5',
  'iso-8859-7', 'windows-1253',
  'iso-8859-8', 'windows-1255',
  'iso-8859-6', 'windows-1256',
  'windows-874', 'tis-620',
])

/** The common labels "Read as…" offers, in the order shown. */
export const COMMON_ENCODINGS: readonly string[] = [
  'utf-8', 'windows-1252', 'iso-8859-2', 'windows-1250', 'windows-1251', 'koi8-r', 'windows-1253',
  'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'windows-874',
  'shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr', 'utf-16le', 'utf-16be',
]

/** The WHATWG name of a label (`latin1` → `windows-1252`), or null when unknown or unsupported. */
export function encodingName(label: string): string | null {
  let name: string
  try {
    name = new TextDecoder(label.trim()).encoding
  } catch {
    return null
  }
  return UNSUPPORTED.has(name) ? null : name
}

function kindOf(name: string): EncodingKind {
  if (name === 'utf-8') return 'utf8'
  if (name === 'utf-16le') return 'utf16le'
  if (name === 'utf-16be') return 'utf16be'
  return 'bytes'
}

/** Length of the BOM of `name` at the start of `head`, or 0. */
function bomOf(name: string, head: Uint8Array): number {
  if (name === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  if (name === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe ? 2 : 0
  if (name === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff ? 2 : 0
  return 0
}

/** The encoding a person chose (a WHATWG name): its own BOM, if the file has one, is skipped. */
export function chosenEncoding(name: string, head: Uint8Array): FileEncoding {
  return { name, kind: kindOf(name), bomLength: bomOf(name, head) }
}

/**
 * CSV-RULES "Encoding": a BOM decides; else UTF-8 unless the first non-ASCII sequence is not
 * valid UTF-8; then Windows-1252 unless the detector names a non-Latin script's encoding.
 */
export function detectEncoding(head: Uint8Array): FileEncoding {
  for (const name of ['utf-8', 'utf-16le', 'utf-16be']) {
    const bomLength = bomOf(name, head)
    if (bomLength > 0) return { name, kind: kindOf(name), bomLength }
  }
  const first = head.findIndex((b) => b >= 0x80)
  if (first === -1 || firstSequenceIsUtf8(head, first)) return { name: 'utf-8', kind: 'utf8', bomLength: 0 }
  const guess = chardet.detect(head.subarray(0, DETECTION_BYTES))?.toLowerCase() ?? null
  const name = guess !== null && NON_LATIN.has(guess) ? encodingName(guess) : null
  return name ? { name, kind: kindOf(name), bomLength: 0 } : { name: 'windows-1252', kind: 'bytes', bomLength: 0 }
}

/** The sequence at head[at] is valid UTF-8 (one cut by the end of the sample counts as valid). */
function firstSequenceIsUtf8(head: Uint8Array, at: number): boolean {
  const n = utf8SequenceLength(head[at])
  if (n === 1) return false
  if (at + n > head.length) return true
  return isUtf8(head.subarray(at, at + n))
}

/** Readable name for messages and the window: "Windows-1252", "UTF-8", "Shift_JIS". */
export function encodingTitle(name: string): string {
  if (name.startsWith('utf-')) return name.toUpperCase()
  if (name.startsWith('windows-')) return `Windows-${name.slice(8)}`
  if (name === 'shift_jis') return 'Shift_JIS'
  return name.toUpperCase()
}
