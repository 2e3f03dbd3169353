// The one check of a file before it is imported, for every host (the window's paths are untrusted:
// a compromised page can send any string). No electron import.
import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'

/** The names an importable file may end with (compared case-insensitively); the open dialog filters to them. */
export const IMPORTABLE_EXTENSIONS = ['csv', 'tsv', 'txt'] as const

/** Kernel and device trees: never a person's data, and reading them can block or leak the system's state. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev']

export type FileCheck = { ok: true } | { ok: false; message: string }

/**
 * Whether path names a file that may be imported: after following links, a regular file outside
 * /proc, /sys and /dev, named .csv, .tsv or .txt, that this process can open for reading.
 * A refusal comes with a sentence the person can act on. `openFile` is fs's open (tests pass
 * one that fails as the file system would, e.g. EACCES, which root never gets).
 */
export async function checkImportableFile(path: string, openFile: typeof open = open): Promise<FileCheck> {
  const name = basename(path) || path
  const refuse = (message: string): FileCheck => ({ ok: false, message })
  const notRegular = () => refuse(`"${name}" is not a regular file. Choose a CSV file saved on disk.`)
  const inSystemTree = (p: string) => SYSTEM_TREES.some((tree) => p === tree || p.startsWith(`${tree}/`))
  const systemFile = () => refuse(`"${name}" is in a system folder (${SYSTEM_TREES.join(', ')}), not a file of yours. Choose a CSV file saved on disk.`)
  // Looked at before realpath too: /dev/stdin resolves to a pipe that has no real path.
  if (inSystemTree(resolve(path))) return systemFile()
  try {
    const real = await realpath(path)
    if (inSystemTree(real)) return systemFile()
    const info = await stat(real)
    if (info.isDirectory()) return refuse(`"${name}" is a folder. Choose a CSV file instead.`)
    if (!info.isFile()) return notRegular()
    const extension = extname(real).slice(1).toLowerCase()
    if (!(IMPORTABLE_EXTENSIONS as readonly string[]).includes(extension)) {
      const named = real === path ? '' : ` (it is ${basename(real)})`
      return refuse(`"${name}"${named} is not a CSV file: only files named ${IMPORTABLE_EXTENSIONS.map((e) => `.${e}`).join(', ')} can be imported.`)
    }
    // O_NONBLOCK: a path swapped for a FIFO after the stat must not hang this process in open().
    const handle = await openFile(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    try {
      if (!(await handle.stat()).isFile()) return notRegular()
    } finally {
      await handle.close()
    }
    return { ok: true }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code
    switch (code) {
      case 'ENOENT':
      case 'ENOTDIR':
        return refuse(`"${name}" could not be found. It may have been moved, renamed or deleted.`)
      case 'EACCES':
      case 'EPERM':
        return refuse(`"${name}" cannot be read: permission denied. Check the file's permissions and try again.`)
      case 'ELOOP':
        return refuse(`"${name}" is a link that points to itself. Choose the file it should point to.`)
      default:
        return refuse(`"${name}" cannot be read (${code ?? (error as Error)?.message ?? 'unknown error'}).`)
    }
  }
}
