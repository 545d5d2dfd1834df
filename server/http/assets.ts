import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import type { H3Event } from 'h3'

/** A built file held in memory: its bytes, gzipped once, and an ETag of its content. */
interface Asset {
  body: Buffer
  gzip: Buffer
  etag: string
  mtimeMs: number
}

/** By path; a rebuilt file (a newer mtime) is read again. Only the build's few files come here. */
const assets = new Map<string, Asset>()

/**
 * Serves a file of the build (kit.js, its chunks, their maps): gzipped for a client that takes it,
 * and with an ETag, so that a page's revalidation of a `no-cache` kit.js is a 304 with no body.
 * Read and compressed once per build, not per request.
 */
export async function serveBuilt(event: H3Event, path: string, contentType: string): Promise<Buffer | null> {
  const { mtimeMs } = await stat(path)
  let asset = assets.get(path)
  if (asset?.mtimeMs !== mtimeMs) {
    const body = await readFile(path)
    asset = { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, mtimeMs }
    assets.set(path, asset)
  }
  const headers = event.res.headers
  headers.set('content-type', contentType)
  headers.set('etag', asset.etag)
  headers.set('vary', 'accept-encoding')
  if (event.req.headers.get('if-none-match')?.split(/\s*,\s*/).includes(asset.etag)) {
    event.res.status = 304
    return null
  }
  if (!/\bgzip\b/.test(event.req.headers.get('accept-encoding') ?? '')) return asset.body
  headers.set('content-encoding', 'gzip')
  return asset.gzip
}
