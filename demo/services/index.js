// The demo stand-ins for two third-party services, answering their documented formats exactly.
// Plain JavaScript (no build step): tests and `npm start` run this file as it is.
//
// Pwned Passwords range API (https://haveibeenpwned.com/API/v3#PwnedPasswords):
//   GET /range/{first 5 hex of the SHA-1, any case} → text/plain lines `SUFFIX:COUNT` (35 upper-case
//   hex, CRLF-separated); with `Add-Padding: true`, filler lines of count 0 are added.
//   Test-only prefixes of the path make it misbehave: /slow/range/… never answers in time,
//   /malformed/range/… answers garbage, /error/range/… answers 503.
//   GET /__demo/range-requests?prefix=XXXXX → the requests it received for that prefix.
//
// Turnstile siteverify (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/):
//   POST /turnstile/v0/siteverify with `secret`, `response` (form or JSON), optional `remoteip`,
//   `idempotency_key`. The documented test secrets decide: 1x0000000000000000000000000000000AA
//   always passes, 2x0000000000000000000000000000000AA always fails, 3x0000000000000000000000000000000AA
//   answers "timeout-or-duplicate". Any other secret is `invalid-input-secret`. An empty or missing
//   response is `missing-input-response`; longer than 2048 characters, `invalid-input-response`.

// Breached passwords the demo knows, with how often each was seen. `password123` (the demo
// accounts' password) is deliberately not here: existing demo logins and changes keep working.
const BREACHED = [
  ['Password1!', 54_812],
  ['qwerty123', 1_023_118],
  ['123456', 209_972_844],
  ['letmein', 542_015],
  ['Summer2024!', 3],
]
const FILLERS = 12

let table
async function breached() {
  if (table) return table
  table = new Map()
  for (const [password, count] of BREACHED) {
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(password))
    const hex = [...new Uint8Array(digest)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()
    const prefix = hex.slice(0, 5)
    if (!table.has(prefix)) table.set(prefix, [])
    table.get(prefix).push(`${hex.slice(5)}:${count}`)
  }
  return table
}

const seen = []
const MAX_SEEN = 500

async function range(request, mode, prefix) {
  seen.push({
    prefix: prefix.toUpperCase(),
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  })
  if (seen.length > MAX_SEEN) seen.shift()
  if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 30_000))
  if (mode === 'error') return new Response('Service Unavailable', { status: 503 })
  if (mode === 'malformed') return new Response('<html>not a range answer</html>', { headers: { 'Content-Type': 'text/html' } })
  if (!/^[0-9A-Fa-f]{5}$/.test(prefix)) return new Response('The hash prefix was not in a valid format', { status: 400 })
  const lines = [...((await breached()).get(prefix.toUpperCase()) ?? [])]
  if (request.headers.get('Add-Padding') === 'true') {
    for (let i = 0; i < FILLERS; i++) lines.push(`${'F'.repeat(30)}${i.toString(16).toUpperCase().padStart(5, '0')}:0`)
  }
  return new Response(lines.join('\r\n'), { headers: { 'Content-Type': 'text/plain' } })
}

const SECRETS = {
  '1x0000000000000000000000000000000AA': { success: true },
  '2x0000000000000000000000000000000AA': { success: false, 'error-codes': ['invalid-input-response'] },
  '3x0000000000000000000000000000000AA': { success: false, 'error-codes': ['timeout-or-duplicate'] },
}

async function siteverify(request) {
  const type = request.headers.get('Content-Type') ?? ''
  const fields = type.includes('application/json') ? await request.json() : Object.fromEntries(new URLSearchParams(await request.text()))
  const answer = (body) => Response.json({ 'error-codes': [], ...body })
  const verdict = SECRETS[fields.secret]
  if (!verdict) return answer({ success: false, 'error-codes': ['invalid-input-secret'] })
  if (typeof fields.response !== 'string' || fields.response === '') return answer({ success: false, 'error-codes': ['missing-input-response'] })
  if (fields.response.length > 2048) return answer({ success: false, 'error-codes': ['invalid-input-response'] })
  if (!verdict.success) return answer(verdict)
  return answer({ success: true, challenge_ts: new Date().toISOString(), hostname: 'localhost', action: '', cdata: '' })
}

export default {
  async fetch(request) {
    const url = new URL(request.url)
    const rangeMatch = /^(?:\/(slow|malformed|error))?\/range\/([^/]*)$/.exec(url.pathname)
    if (request.method === 'GET' && rangeMatch) return range(request, rangeMatch[1], rangeMatch[2])
    if (request.method === 'GET' && url.pathname === '/__demo/range-requests') {
      const prefix = (url.searchParams.get('prefix') ?? '').toUpperCase()
      return Response.json(seen.filter((r) => r.prefix === prefix))
    }
    if (request.method === 'POST' && url.pathname === '/turnstile/v0/siteverify') return siteverify(request)
    return new Response('Not found', { status: 404 })
  },
}
