/**
 * The 304 for a client's `If-None-Match` that names the answer's ETag, or undefined. Pure.
 * Weak comparison (RFC 9110 §13.1.2: `W/` is ignored); `*` matches any answer with an ETag.
 * The 304 keeps the headers a 200 would have sent for caching (RFC 9110 §15.4.5), without a body.
 */
export function notModified(request: Request, response: Response): Response | undefined {
  const condition = request.headers.get('if-none-match')
  const etag = response.headers.get('etag')
  if (!condition || !etag || response.status !== 200) return undefined
  const wanted = opaque(etag)
  const matches = condition.split(',').some((tag) => tag.trim() === '*' || opaque(tag.trim()) === wanted)
  if (!matches) return undefined
  const headers = new Headers()
  for (const name of ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary', 'age']) {
    const value = response.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  void response.body?.cancel()
  return new Response(null, { status: 304, headers })
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}
