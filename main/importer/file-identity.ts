// Identifies a file well enough to refuse resuming an import on a file that changed meanwhile, and
// opens sources safely: never blocking on a FIFO or a device, only regular files.
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

export const HEAD_BYTES = 64 * 1024
/** Same-size edits past the head, with the mtime put back, are caught at these spread offsets. */
export const SAMPLE_COUNT = 16
export const SAMPLE_BYTES = 4 * 1024

export interface FileIdentity {
  size: number
  mtimeMs: number
  /** sha256 of the first 64 KiB. */
  headHash: string
  /** sha256 of SAMPLE_COUNT blocks of SAMPLE_BYTES spread evenly over the file (see sampleOffsets). */
  sampleHash: string
}

/** A path that is there but is not a regular file (a FIFO, a device, a folder). */
export class NotARegularFileError extends Error {
  override name = 'NotARegularFileError'
}

// O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. Windows has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

/** Opens a regular file for reading, refusing anything else without blocking on it. */
export async function openRegularFile(filePath: string): Promise<FileHandle> {
  const handle = await open(filePath, OPEN_FLAGS)
  const info = await handle.stat()
  if (!info.isFile()) {
    await handle.close()
    throw new NotARegularFileError(`${filePath} is not a regular file`)
  }
  return handle
}

/** Where the samples start: evenly spread after the head, the last one ending at the end of the file. */
export function sampleOffsets(size: number): number[] {
  if (size <= HEAD_BYTES) return []
  const span = size - HEAD_BYTES - SAMPLE_BYTES
  return Array.from({ length: SAMPLE_COUNT }, (_, i) => HEAD_BYTES + Math.max(0, Math.floor((span * (i + 1)) / SAMPLE_COUNT)))
}

export async function identifyFile(filePath: string): Promise<FileIdentity> {
  const handle = await openRegularFile(filePath)
  try {
    const info = await handle.stat()
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const headHash = createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex')
    const samples = createHash('sha256')
    const block = Buffer.alloc(SAMPLE_BYTES)
    for (const offset of sampleOffsets(info.size)) {
      const { bytesRead: read } = await handle.read(block, 0, SAMPLE_BYTES, offset)
      samples.update(block.subarray(0, read))
    }
    return { size: info.size, mtimeMs: info.mtimeMs, headHash, sampleHash: samples.digest('hex') }
  } finally {
    await handle.close()
  }
}

/**
 * Why a file is not the one an import started on, or null when it is. A saved identity without
 * samples (an import begun before they were kept) is checked without them.
 */
export function describeChange(saved: FileIdentity | (Omit<FileIdentity, 'sampleHash'> & { sampleHash: null }), now: FileIdentity): string | null {
  if (saved.size !== now.size) return `its size changed from ${saved.size} to ${now.size} bytes`
  if (saved.headHash !== now.headHash) return 'its contents changed'
  if (saved.sampleHash !== null && saved.sampleHash !== now.sampleHash) return 'its contents changed'
  if (Math.abs(saved.mtimeMs - now.mtimeMs) > 1) return 'it was modified'
  return null
}
