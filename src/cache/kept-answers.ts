import { Lru } from '../core'
import { fromStored, type StoredEntry } from './stored-answer'

// Where kept answers live: the Workers Cache API (caches.default, shared by every isolate of the
// location) and, in front of it, a small copy in this isolate's memory of the answers it served or
// stored lately, so a hot catalogue read costs no Cache API round trip. Both hold the same stored
// form (stored-answer.ts); whoever reads an entry checks its lifetime and the purges the same way.

/** An answer larger than this stays in the Cache API only. */
const MAX_COPY_BYTES = 256 * 1024
/** All copies of an isolate together: Workers give an isolate 128 MB. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024

interface Copy {
  status: number
  statusText: string
  headers: [string, string][]
  body: ArrayBuffer
}

// Bounded by their bytes; a copy lives as long as the stored answer's own lifetime says (fromStored).
const copies = new Lru<Copy>({ maxSize: MAX_TOTAL_BYTES, sizeOf: (copy) => copy.body.byteLength })
const ALWAYS = Number.NEGATIVE_INFINITY

/** The kept entry for `key`, from this isolate's copy or else the Cache API, or undefined. */
export async function findKept(key: string, now: number): Promise<StoredEntry | undefined> {
  const copy = copies.get(key, now)
  if (copy) {
    return fromStored(new Response(copy.body, { status: copy.status, statusText: copy.statusText, headers: copy.headers }), now)
  }
  const match = await caches.default.match(key)
  if (!match) return undefined
  const length = Number(match.headers.get('content-length') ?? Number.NaN)
  if (!(length <= MAX_COPY_BYTES)) return readEntry(match, now)
  const body = await match.arrayBuffer()
  const stored = new Response(body, match)
  remember(key, stored, body)
  return readEntry(stored, now)
}

/** Keeps a stored answer in the Cache API and in this isolate (the body is read in the background). */
export function keepAnswer(key: string, stored: Response, waitUntil: (work: Promise<unknown>) => void): void {
  const length = Number(stored.headers.get('content-length') ?? Number.NaN)
  if (length > MAX_COPY_BYTES) {
    forget(key)
    waitUntil(caches.default.put(key, stored).catch((err: unknown) => logCacheError('put', err)))
    return
  }
  const work = stored.arrayBuffer().then(async (body) => {
    const copy = new Response(body, stored)
    if (body.byteLength <= MAX_COPY_BYTES) remember(key, copy, body)
    else forget(key)
    await caches.default.put(key, copy)
  })
  waitUntil(work.catch((err: unknown) => logCacheError('put', err)))
}

/** Removes a kept answer everywhere this isolate can. */
export function dropKept(key: string, waitUntil: (work: Promise<unknown>) => void): void {
  forget(key)
  waitUntil(caches.default.delete(key).catch((err: unknown) => logCacheError('delete', err)))
}

export function logCacheError(operation: string, err: unknown): void {
  console.error(JSON.stringify({ event: 'cache_error', operation, detail: String(err) }))
}

async function readEntry(response: Response, now: number): Promise<StoredEntry | undefined> {
  const entry = fromStored(response, now)
  if (!entry) await response.body?.cancel()
  return entry
}

function remember(key: string, stored: Response, body: ArrayBuffer): void {
  copies.set(key, { status: stored.status, statusText: stored.statusText, headers: [...stored.headers], body }, ALWAYS)
}

function forget(key: string): void {
  copies.delete(key)
}
