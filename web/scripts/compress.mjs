// Writes FILE.gz and FILE.br next to every compressible file over 1 KiB in the
// build output, so `huying serve` can send precompressed bytes instead of
// compressing on every request.
import { readdir, readFile, writeFile, stat } from 'node:fs/promises'
import { join, extname } from 'node:path'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

const root = process.argv[2] ?? 'dist'
const minBytes = 1024
// Formats that are already compressed gain nothing from a second pass.
const skip = new Set(['.gz', '.br', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.woff', '.woff2', '.zip'])

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

let count = 0
let before = 0
let after = 0
for await (const path of files(root)) {
  if (skip.has(extname(path)) || (await stat(path)).size <= minBytes) continue
  const data = await readFile(path)
  const gz = gzipSync(data, { level: 9 })
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  })
  // A variant that is not smaller would only cost bandwidth; the server then sends the original.
  if (gz.length < data.length) await writeFile(`${path}.gz`, gz)
  if (br.length < data.length) await writeFile(`${path}.br`, br)
  count++
  before += data.length
  after += br.length
}
console.log(`compress: ${count} files, ${(before / 1024).toFixed(0)} KiB -> ${(after / 1024).toFixed(0)} KiB brotli`)
