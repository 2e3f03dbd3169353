// Column mapping (CSV-RULES "Column mapping"): which column of the header gives each field.
import { normalizeHeader } from './text.ts'

export const REQUIRED_FIELDS = ['email', 'first_name', 'last_name'] as const
export type RequiredField = (typeof REQUIRED_FIELDS)[number]
/** Fields a person may name in a choice: the required ones, and a full-name column. */
export const CHOOSABLE_FIELDS = ['email', 'first_name', 'last_name', 'name'] as const
export type ChoosableField = (typeof CHOOSABLE_FIELDS)[number]

/** A person's choice: field → column header as written in the file (matched after normalization). */
export type ColumnChoice = Partial<Record<ChoosableField, string>>

/** The header text that gives each required field, as shown and saved ("Email Address"). */
export type FieldHeaders = Partial<Record<RequiredField, string>>

const ALIASES: Record<RequiredField, readonly string[]> = {
  email: ['email_address', 'e_mail', 'e_mail_address', 'primary_email', 'e_mail_1_value', 'email_1_value', 'mail'],
  first_name: ['firstname', 'first', 'given_name', 'givenname', 'forename', 'fname'],
  last_name: ['lastname', 'last', 'surname', 'family_name', 'familyname', 'lname'],
}
const FULL_NAME = ['name', 'full_name', 'fullname', 'display_name', 'contact_name']

/** Column indexes of a header for each field; -1 when none. */
export interface ColumnIndexes {
  emailIndex: number
  firstNameIndex: number
  lastNameIndex: number
  /** A full-name column split into first and last name (neither has a column of its own), else -1. */
  splitNameIndex: number
}

export interface MappingResult extends ColumnIndexes {
  /** Required fields left without a column, in the order email, first_name, last_name. */
  missing: RequiredField[]
  /** Required fields whose column's normalized name appears more than once. */
  duplicate: RequiredField[]
  /** Choices that name no column of this header. */
  unknownChoices: ChoosableField[]
  /** Header text per field with a column (a split name gives both names the same text). */
  headers: FieldHeaders
  /** How many required fields got a column: 0 means the record is not a header. */
  mapped: number
}

/**
 * Maps header names to the required fields: the person's choice, then the exact name, then the
 * aliases in order, then a full-name column. A column gives at most one field.
 */
export function mapColumns(names: readonly string[], choice: ColumnChoice = {}): MappingResult {
  const headers = names.map((n) => n.trim())
  const normalized = headers.map(normalizeHeader)
  const taken = new Set<number>()
  const unknownChoices: ChoosableField[] = []
  const chosen = new Map<ChoosableField, number>()
  for (const field of CHOOSABLE_FIELDS) {
    const column = choice[field]
    if (column === undefined) continue
    const index = normalized.indexOf(normalizeHeader(column))
    if (index === -1) unknownChoices.push(field)
    else {
      chosen.set(field, index)
      taken.add(index)
    }
  }
  const find = (candidates: readonly string[]): number => {
    for (const candidate of candidates) {
      const index = normalized.findIndex((name, k) => name === candidate && !taken.has(k))
      if (index !== -1) {
        taken.add(index)
        return index
      }
    }
    return -1
  }
  const column = (field: RequiredField): number => chosen.get(field) ?? find([field])
  // Exact names before aliases for every field: `last` must not take a column named `last_name`.
  const exact = REQUIRED_FIELDS.map(column)
  const [emailIndex, firstIndex, lastIndex] = exact.map((index, k) => (index !== -1 ? index : find(ALIASES[REQUIRED_FIELDS[k]])))
  const fullName = chosen.get('name') ?? (firstIndex === -1 ? find(FULL_NAME) : -1)

  let firstNameIndex = firstIndex
  let splitNameIndex = -1
  if (fullName !== -1 && firstIndex === -1) {
    if (lastIndex !== -1) firstNameIndex = fullName
    else splitNameIndex = fullName
  }
  const split = splitNameIndex !== -1
  const indexes = [emailIndex, split ? splitNameIndex : firstNameIndex, split ? splitNameIndex : lastIndex]
  const missing = REQUIRED_FIELDS.filter((_, k) => indexes[k] === -1)
  const duplicate = REQUIRED_FIELDS.filter((_, k) => {
    const index = indexes[k]
    return index !== -1 && normalized.indexOf(normalized[index]) !== normalized.lastIndexOf(normalized[index])
  })
  const fieldHeaders: FieldHeaders = {}
  REQUIRED_FIELDS.forEach((field, k) => {
    if (indexes[k] !== -1) fieldHeaders[field] = headers[indexes[k]]
  })
  return {
    emailIndex,
    firstNameIndex: split ? -1 : firstNameIndex,
    lastNameIndex: split ? -1 : lastIndex,
    splitNameIndex,
    missing,
    duplicate,
    unknownChoices,
    headers: fieldHeaders,
    mapped: REQUIRED_FIELDS.length - missing.length,
  }
}

/** "Email Address → email · Name → first_name, last_name": how a file's columns were read. */
export function describeMapping(headers: FieldHeaders): string {
  const byColumn = new Map<string, string[]>()
  for (const field of REQUIRED_FIELDS) {
    const header = headers[field]
    if (header !== undefined) byColumn.set(header, [...(byColumn.get(header) ?? []), field])
  }
  return [...byColumn].map(([header, fields]) => `${header} → ${fields.join(', ')}`).join(' · ')
}

/**
 * Splits a full name at its last run of whitespace: the words before are the first name, the
 * last word the last name; one word leaves the last name empty. `full` is already trimmed.
 */
export function splitFullName(full: string): [first: string, last: string] {
  let end = full.length
  while (end > 0 && !/\s/.test(full[end - 1])) end--
  if (end === 0) return [full, '']
  return [full.slice(0, end).trim(), full.slice(end)]
}

/** Google's multi-value separator: a cell of several emails keeps its first. */
export function firstOfMultiValue(value: string): string {
  const at = value.indexOf(' ::: ')
  return at === -1 ? value : value.slice(0, at)
}
