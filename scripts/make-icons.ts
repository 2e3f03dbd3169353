// `npm run icons`: renders build/icon.svg into what electron-builder takes (package.json "build"):
// build/icons/NxN.png (Linux), build/icon.ico (Windows: 16–48 px as 32-bit bitmaps, 256 px as
// PNG, the layout Windows and NSIS read) and build/icon.icns (macOS: PNG entries). The outputs are
// committed; run this again after changing the SVG.
import { Resvg } from '@resvg/resvg-js'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const buildDir = join(import.meta.dirname, '..', 'build')
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const
/** icns entry types that hold a PNG, with their pixel size. */
export const ICNS_TYPES = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]] as const

interface Rendered {
  png: Buffer
  /** RGBA, top row first. */
  rgba: Buffer
  size: number
}

function render(svg: string, size: number): Rendered {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render()
  return { png: image.asPng(), rgba: image.pixels, size }
}

/** A 32-bit BMP icon image: BITMAPINFOHEADER, BGRA rows bottom-up, an all-clear AND mask. */
function icoBitmap({ rgba, size }: Rendered): Buffer {
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8) // colour rows + mask rows
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4
      const to = ((size - 1 - y) * size + x) * 4
      pixels[to] = rgba[from + 2]
      pixels[to + 1] = rgba[from + 1]
      pixels[to + 2] = rgba[from]
      pixels[to + 3] = rgba[from + 3]
    }
  }
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size)
  return Buffer.concat([header, pixels, mask])
}

export function ico(images: readonly Rendered[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  const bodies = images.map((image) => (image.size >= 256 ? image.png : icoBitmap(image)))
  const entries = Buffer.alloc(16 * images.length)
  let offset = header.length + entries.length
  images.forEach((image, i) => {
    const entry = i * 16
    entries.writeUInt8(image.size >= 256 ? 0 : image.size, entry) // 0 means 256
    entries.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1)
    entries.writeUInt16LE(1, entry + 4)
    entries.writeUInt16LE(32, entry + 6)
    entries.writeUInt32LE(bodies[i].length, entry + 8)
    entries.writeUInt32LE(offset, entry + 12)
    offset += bodies[i].length
  })
  return Buffer.concat([header, entries, ...bodies])
}

export function icns(entries: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const chunks = entries.map(([type, png]) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4)
  return Buffer.concat([head, ...chunks])
}

if (import.meta.main) {
  const svg = readFileSync(join(buildDir, 'icon.svg'), 'utf8')
  const rendered = new Map(PNG_SIZES.map((size) => [size, render(svg, size)]))
  const at = (size: number) => rendered.get(size as (typeof PNG_SIZES)[number]) ?? render(svg, size)
  mkdirSync(join(buildDir, 'icons'), { recursive: true })
  for (const [size, image] of rendered) writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), image.png)
  writeFileSync(join(buildDir, 'icon.ico'), ico(ICO_SIZES.map(at)))
  writeFileSync(join(buildDir, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => [type, at(size).png] as const)))
  console.log(`wrote ${rendered.size} PNGs, icon.ico and icon.icns in ${buildDir}`)
}
