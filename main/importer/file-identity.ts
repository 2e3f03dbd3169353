// Identifies a file well enough to refuse resuming an import on a file that changed meanwhile.
import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'

export const HEAD_BYTES = 64 * 1024

export interface FileIdentity {
  size: number
  mtimeMs: number
  /** sha256 of the first 64 KiB. */
  headHash: string
}

export async function identifyFile(filePath: string): Promise<FileIdentity> {
  const info = await stat(filePath)
  const handle = await open(filePath, 'r')
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const headHash = createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex')
    return { size: info.size, mtimeMs: info.mtimeMs, headHash }
  } finally {
    await handle.close()
  }
}

/** Why a file is not the one an import started on, or null when it is. */
export function describeChange(saved: FileIdentity, now: FileIdentity): string | null {
  if (saved.size !== now.size) return `its size changed from ${saved.size} to ${now.size} bytes`
  if (saved.headHash !== now.headHash) return 'its contents changed'
  if (Math.abs(saved.mtimeMs - now.mtimeMs) > 1) return 'it was modified'
  return null
}
