// A customer login (POST /auth/token) per stored hash format, timed from outside, one at a time.
// Every login uses its own bench account (the shop's 5/minute per-identity limit stays as
// configured) and its own client IP (10/minute per IP). Legacy md5 accounts are logged in twice:
// the first login verifies the md5 hash and upgrades it; the second then verifies the upgraded
// (PBKDF2) hash — which also shows that the legacy hash is verified at most once.
import { createHash, randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { API } from './cases.mjs'
import { median } from './micro.mjs'

const PASSWORD = 'bench-password-123'
const TOKEN_PATH = `${API}/auth/token`
let ipCounter = 0
const freshIp = () => { ipCounter += 1; return `198.18.${(ipCounter >> 8) & 255}.${ipCounter & 255}` }

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

async function insertAccounts(db, rows) {
  await db.batch(rows.map((r) => db.prepare(
    'INSERT INTO customers (id, email, password_hash, first_name, last_name, is_active) VALUES (?, ?, ?, ?, ?, 1)',
  ).bind(r.id, r.email, r.hash, 'Bench', 'Login')))
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

/** {pbkdf2, bcrypt10, md5_salted}: median ms each (null when skipped), plus notes. */
export async function measureLogins({ url, db, perFormat }) {
  const probe = await login(url, 'customer@example.com', 'password123')
  if (!probe.ok) return { skipped: `skipped: token service not landed yet (POST ${TOKEN_PATH} answered ${probe.status} ${probe.body?.error ?? ''})` }

  const bcryptHash = (await bcrypt.hash(PASSWORD, 10)).replace(/^\$2[ab]\$/, '$2y$')
  const bcryptEmails = []
  const md5Emails = []
  const rows = []
  for (let i = 0; i < perFormat; i++) {
    const salt = randomBytes(4).toString('hex')
    bcryptEmails.push(`bench-bcrypt-${i}@example.com`)
    md5Emails.push(`bench-md5-${i}@example.com`)
    rows.push({ id: 20_000 + i, email: bcryptEmails[i], hash: bcryptHash })
    rows.push({ id: 30_000 + i, email: md5Emails[i], hash: `${createHash('md5').update(salt + PASSWORD).digest('hex')}:${salt}` })
  }
  await insertAccounts(db, rows)

  const result = { bcrypt10: await timeLogins(url, bcryptEmails), md5_salted: await timeLogins(url, md5Emails) }
  // The upgrade may be written after the answer (waitUntil): wait for it briefly.
  let upgraded
  for (let i = 0; i < 40 && !upgraded; i++) {
    const hash = await storedHash(db, md5Emails.at(-1))
    if (hash && !/^[0-9a-f]{32}:/.test(hash)) upgraded = hash
    else await new Promise((r) => setTimeout(r, 50))
  }
  if (!upgraded) {
    result.pbkdf2 = { skipped: 'skipped: pbkdf2 — a legacy login did not upgrade the stored hash, so no PBKDF2 hash to time' }
  } else {
    result.upgradedFormat = upgraded.replace(/[A-Za-z0-9+/=_-]{16,}/g, '…')
    result.pbkdf2 = await timeLogins(url, md5Emails)
  }
  return result
}
