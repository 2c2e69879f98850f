// A customer login (POST /auth/token) per stored hash format, timed from outside, one at a time.
// Every login uses its own bench account (the shop's 5/minute per-identity limit stays as
// configured) and its own client IP (10/minute per IP). PBKDF2 hashes come from the project's
// own hashPassword (through bench/micro.ts). After the md5 logins the stored hashes are read
// back: an upgraded hash means the legacy hash is verified at most once per account.
// The shop fallback is timed beside them: customers only the demo shop has log in for the first
// time (the gateway asks the shop, verifies its token, stores a PBKDF2 copy), then once more (the
// edge copy answers); the demo shop's hit counter shows which logins reached it.
import { createHash, randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { API } from './cases.mjs'
import { median } from './micro.mjs'

const PASSWORD = 'bench-password-123'
const TOKEN_PATH = `${API}/auth/token`
let ipCounter = 0
const freshIp = () => {
  ipCounter += 1
  return `198.18.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

async function login(url, email, password = PASSWORD) {
  const started = performance.now()
  const res = await fetch(new URL(TOKEN_PATH, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json().catch(() => undefined)
  return { ms: performance.now() - started, status: res.status, ok: res.status === 200 && typeof body?.token === 'string', body }
}

// Confirmed now, as a sync would leave them: the edge copy answers the login (a copy never
// confirmed is first asked of the shop, which does not know these accounts).
async function insertAccounts(db, rows) {
  const now = Math.floor(Date.now() / 1000)
  await db.batch(
    rows.map((r) =>
      db
        .prepare(
          // email_key: the email as the shop compares it (src/core/email-key.ts); these are lower-case ASCII.
          'INSERT INTO customers (id, email, email_key, password_hash, first_name, last_name, is_active, confirmed_at) VALUES (?, ?, lower(?), ?, ?, ?, 1, ?)',
        )
        .bind(r.id, r.email, r.email, r.hash, 'Bench', 'Login', now),
    ),
  )
}

async function storedHash(db, email) {
  return (await db.prepare('SELECT password_hash AS h FROM customers WHERE email = ?').bind(email).first())?.h
}

async function timeLogins(url, emails) {
  const runs = []
  for (const email of emails) {
    const run = await login(url, email)
    if (!run.ok) throw new Error(`login of ${email} answered ${run.status} ${JSON.stringify(run.body)}`)
    runs.push(run.ms)
  }
  return { ms: median(runs), range: [Math.min(...runs), Math.max(...runs)], n: runs.length }
}

const originHits = async (originUrl) => (await fetch(new URL('/__demo/hits', originUrl)).then((r) => r.json())).hits

// Each first login needs a customer the gateway has never seen: all are created in the demo shop
// (with the shop's own bcrypt hash) before the timed loop. Each customer's first and second login
// run back to back, so machine noise hits both alike.
async function timeShopFallback({ url, originUrl, db, count, bcryptHash }) {
  const tag = Date.now().toString(36)
  const emails = Array.from({ length: count }, (_, i) => `bench-shop-only-${tag}-${i}@example.com`)
  for (const email of emails) {
    const res = await fetch(new URL('/__demo/shop/customers', originUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, passwordHash: bcryptHash, firstName: 'Bench', lastName: 'Shop' }),
    })
    if (!res.ok) throw new Error(`demo shop refused the shop-only customer ${email}: ${res.status} ${await res.text()}`)
  }
  const first = []
  const second = []
  for (const email of emails) {
    for (const [runs, asksShop] of [
      [first, 1],
      [second, 0],
    ]) {
      const before = await originHits(originUrl)
      const run = await login(url, email)
      if (!run.ok) throw new Error(`login of shop-only ${email} answered ${run.status} ${JSON.stringify(run.body)}`)
      const reached = (await originHits(originUrl)) - before
      if (reached !== asksShop)
        throw new Error(`login ${runs === first ? 1 : 2} of shop-only ${email} reached the demo shop ${reached} times, expected ${asksShop}`)
      runs.push(run.ms)
    }
    if (!/^\$pbkdf2-sha256\$/.test((await storedHash(db, email)) ?? '')) throw new Error(`no PBKDF2 copy of ${email} in D1 after the fallback`)
  }
  const stats = (runs) => ({ ms: median(runs), range: [Math.min(...runs), Math.max(...runs)], n: runs.length })
  return { shop_fallback_first: stats(first), edge_copy_after_fallback: { ...stats(second), saved_ms: median(first.map((ms, i) => ms - second[i])) } }
}

/**
 * {pbkdf2, bcrypt10, md5_salted, shop_fallback_first, edge_copy_after_fallback}: median ms each
 * (null when skipped), plus notes.
 */
export async function measureLogins({ url, originUrl, microUrl, db, perFormat }) {
  const probe = await login(url, 'customer@example.com', 'password123')
  if (!probe.ok) return { skipped: `skipped: token service not landed yet (POST ${TOKEN_PATH} answered ${probe.status} ${probe.body?.error ?? ''})` }

  const bcryptHash = (await bcrypt.hash(PASSWORD, 10)).replace(/^\$2[ab]\$/, '$2y$')
  const pbkdf2Hash = (await fetch(new URL(`/hash-password?password=${PASSWORD}`, microUrl)).then((r) => r.json())).hash
  const emails = { pbkdf2: [], bcrypt10: [], md5_salted: [] }
  const rows = []
  for (let i = 0; i < perFormat; i++) {
    const salt = randomBytes(4).toString('hex')
    for (const [format, id, hash] of [
      ['pbkdf2', 10_000 + i, pbkdf2Hash],
      ['bcrypt10', 20_000 + i, bcryptHash],
      [
        'md5_salted',
        30_000 + i,
        `${createHash('md5')
          .update(salt + PASSWORD)
          .digest('hex')}:${salt}`,
      ],
    ]) {
      const email = `bench-${format.replace('_', '-')}-${i}@example.com`
      emails[format].push(email)
      rows.push({ id, email, hash })
    }
  }
  await insertAccounts(db, rows)

  const result = {}
  for (const format of Object.keys(emails)) result[format] = await timeLogins(url, emails[format])
  Object.assign(result, await timeShopFallback({ url, originUrl, db, count: perFormat, bcryptHash }))
  // The upgrade may be written after the answer (waitUntil): wait for it briefly.
  for (let i = 0; i < 40 && !result.upgradedFormat; i++) {
    const hash = await storedHash(db, emails.md5_salted.at(-1))
    if (hash && !/^[0-9a-f]{32}:/.test(hash)) result.upgradedFormat = hash.replace(/[A-Za-z0-9+/=_-]{16,}/g, '…')
    else await new Promise((r) => setTimeout(r, 50))
  }
  return result
}
