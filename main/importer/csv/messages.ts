// Sentences for row errors: short, specific, naming the row and the physical line.
import { formatCount } from './text.ts'

function where(row: number, line: number): string {
  return `Row ${formatCount(row)} (line ${formatCount(line)})`
}

/** Keeps messages short when a cell is huge; the error's `email` field keeps the full value. */
function shown(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value
}

export function recordTooLargeMessage(row: number, line: number): string {
  return `${where(row, line)} is larger than 1 MiB (1,048,576 bytes), so it was skipped.`
}

export function fieldCountMessage(row: number, line: number, fields: number, expected: number): string {
  return `${where(row, line)} has ${formatCount(fields)} ${fields === 1 ? 'field' : 'fields'}, but the header has ${formatCount(expected)}.`
}

export function missingEmailMessage(row: number, line: number): string {
  return `${where(row, line)} has no email address.`
}

export function invalidEmailMessage(row: number, line: number, email: string): string {
  return `${where(row, line)}: "${shown(email)}" is not a valid email address.`
}

export function missingValueMessage(row: number, line: number, noFirst: boolean, noLast: boolean): string {
  const what = noFirst && noLast ? 'no first name and no last name' : noFirst ? 'no first name' : 'no last name'
  return `${where(row, line)} has ${what}.`
}
