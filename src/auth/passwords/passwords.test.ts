import { describe, expect, it } from 'vitest'
import { MAX_PASSWORD_BYTES, PBKDF2_ITERATIONS, hashPassword, isVerifiable, verifyAgainstDummy, verifyPassword } from './index'
import { parseHashFormat } from './format'

const utf8 = new TextEncoder()

// Written here, not imported, so a bug in the module's own encoding cannot hide in both places.
async function hexDigest(algorithm: 'MD5' | 'SHA-256' | 'SHA-512', text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest(algorithm, utf8.encode(text)))
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

// OpenBSD's published bcrypt vectors ("U*U" at cost 5); for short ASCII passwords $2a$, $2b$ and
// $2y$ compute the same bytes. The $2y$ cost-10 hash is the demo seed's "password123".
const BCRYPT_ROWS = [
  { name: '$2a$', password: 'U*U', stored: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
  { name: '$2b$', password: 'U*U', stored: '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
  { name: '$2y$', password: 'U*U', stored: '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
  { name: '$2y$ (PHP, cost 10)', password: 'password123', stored: '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC' },
]

describe('bcrypt', () => {
  for (const row of BCRYPT_ROWS) {
    it(`${row.name} accepts the right password and asks for a rehash`, async () => {
      expect(await verifyPassword(row.password, row.stored)).toEqual({ ok: true, needsRehash: true })
    })
    it(`${row.name} refuses a wrong password`, async () => {
      expect(await verifyPassword(`${row.password}x`, row.stored)).toEqual({ ok: false, needsRehash: false })
    })
  }
})

describe('legacy hex digests', () => {
  it('fixed known vectors: bare md5 and sha256 of "password"', async () => {
    expect(await verifyPassword('password', '5f4dcc3b5aa765d61d8327deb882cf99')).toEqual({ ok: true, needsRehash: true })
    expect(await verifyPassword('password', '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toEqual({ ok: true, needsRehash: true })
  })
  it("the demo seed's salted md5 accepts password123", async () => {
    expect(await verifyPassword('password123', '72d3d4e9bcaf89a84f3a53c741169d96:Xq7')).toEqual({ ok: true, needsRehash: true })
  })

  for (const algorithm of ['MD5', 'SHA-256', 'SHA-512'] as const) {
    it(`bare ${algorithm}: right password ok, wrong refused`, async () => {
      const stored = await hexDigest(algorithm, 'correct horse')
      expect(await verifyPassword('correct horse', stored)).toEqual({ ok: true, needsRehash: true })
      expect(await verifyPassword('correct horsf', stored)).toEqual({ ok: false, needsRehash: false })
    })
    it(`salted ${algorithm} (digest of salt + password): right password ok, wrong refused`, async () => {
      const stored = `${await hexDigest(algorithm, 's4lt-Ünï' + 'correct horse')}:s4lt-Ünï`
      expect(await verifyPassword('correct horse', stored)).toEqual({ ok: true, needsRehash: true })
      expect(await verifyPassword('wrong horse', stored)).toEqual({ ok: false, needsRehash: false })
    })
    it(`salted ${algorithm} is not digest(password + salt)`, async () => {
      const stored = `${await hexDigest(algorithm, 'correct horse' + 'salt')}:salt`
      expect(await verifyPassword('correct horse', stored)).toEqual({ ok: false, needsRehash: false })
    })
  }

  it('upper-case hex is the same digest', async () => {
    const stored = (await hexDigest('SHA-256', 'pw')).toUpperCase()
    expect(await verifyPassword('pw', stored)).toEqual({ ok: true, needsRehash: true })
  })
})

describe('gatehouse PBKDF2', () => {
  it('pins the production Workers cap of 100,000 iterations', () => {
    expect(PBKDF2_ITERATIONS).toBe(100000)
  })
  it('writes a self-describing string with i=100000, a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('password123')
    expect(stored).toMatch(/^\$pbkdf2-sha256\$i=100000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
  })
  it('round-trips without asking for a rehash', async () => {
    const stored = await hashPassword('pässwörd 🔑')
    expect(await verifyPassword('pässwörd 🔑', stored)).toEqual({ ok: true, needsRehash: false })
    expect(await verifyPassword('pässwörd 🔐', stored)).toEqual({ ok: false, needsRehash: false })
  })
  it('salts each hash at random: two hashes of one password differ and both verify', async () => {
    const a = await hashPassword('same')
    const b = await hashPassword('same')
    expect(a).not.toBe(b)
    expect((await verifyPassword('same', a)).ok).toBe(true)
    expect((await verifyPassword('same', b)).ok).toBe(true)
  })
  it('reads the iteration count from the string and asks to rehash a lower one', async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16))
    const key = await crypto.subtle.importKey('raw', utf8.encode('pw'), 'PBKDF2', false, ['deriveBits'])
    const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 }, key, 256))
    const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, '')
    const stored = `$pbkdf2-sha256$i=1000$${b64(salt)}$${b64(bits)}`
    expect(await verifyPassword('pw', stored)).toEqual({ ok: true, needsRehash: true })
    expect(await verifyPassword('pw', stored.replace('i=1000', 'i=1001'))).toEqual({ ok: false, needsRehash: false })
  })
  it('refuses an iteration count above the cap, even one that would match', async () => {
    const stored = (await hashPassword('pw')).replace('i=100000', 'i=100001')
    expect(parseHashFormat(stored).kind).toBe('malformed')
    expect(await verifyPassword('pw', stored)).toEqual({ ok: false, needsRehash: false })
  })
})

describe('argon2', () => {
  it('is refused like a wrong password and marked unverifiable (the login asks the shop instead)', async () => {
    const hashes = [
      '$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
      '$argon2i$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ',
    ]
    for (const stored of hashes) {
      expect(await verifyPassword('password', stored)).toEqual({ ok: false, needsRehash: false })
      expect(isVerifiable(stored)).toBe(false)
    }
    for (const row of BCRYPT_ROWS) expect(isVerifiable(row.stored)).toBe(true)
    expect(isVerifiable('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(true)
  })
})

describe('password length', () => {
  it("pins the shop's 256-byte limit", () => {
    expect(MAX_PASSWORD_BYTES).toBe(256)
  })
  it('accepts a 256-byte password that matches', async () => {
    const password = 'a'.repeat(256)
    expect(await verifyPassword(password, await hexDigest('SHA-256', password))).toEqual({ ok: true, needsRehash: true })
  })
  it('refuses a 257-byte password even when the hash matches', async () => {
    const password = 'a'.repeat(257)
    expect(await verifyPassword(password, await hexDigest('SHA-256', password))).toEqual({ ok: false, needsRehash: false })
    expect(await verifyPassword(password, await hashPassword(password))).toEqual({ ok: false, needsRehash: false })
  })
  it('counts UTF-8 bytes, not characters: 129 two-byte characters are 258 bytes', async () => {
    const password = 'é'.repeat(129)
    expect(await verifyPassword(password, await hexDigest('MD5', password))).toEqual({ ok: false, needsRehash: false })
  })
})

describe('malformed stored strings fail without throwing', () => {
  const ROWS: { name: string; stored: string }[] = [
    { name: 'empty', stored: '' },
    { name: 'just a dollar', stored: '$' },
    { name: 'unknown scheme', stored: '$1$abcdefgh$abcdefghijklmnopqrstuv' },
    { name: 'bcrypt without minor', stored: '$2$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { name: 'bcrypt $2x$', stored: '$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { name: 'bcrypt truncated', stored: '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe' },
    { name: 'bcrypt with trailing byte', stored: '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWx' },
    { name: 'bcrypt cost 03', stored: '$2y$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { name: 'bcrypt cost 31 (CPU bomb)', stored: '$2y$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { name: 'bcrypt bad alphabet', stored: '$2y$05$CCCCCCCCCCCCCCCCCCCCC!E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { name: 'hex of odd length 33', stored: '5f4dcc3b5aa765d61d8327deb882cf99a' },
    { name: 'hex of length 40 (sha1)', stored: '5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8' },
    { name: 'not hex', stored: 'zf4dcc3b5aa765d61d8327deb882cf99' },
    { name: 'hex with empty salt', stored: '5f4dcc3b5aa765d61d8327deb882cf99:' },
    { name: 'hex with two colons', stored: '5f4dcc3b5aa765d61d8327deb882cf99:a:b' },
    { name: 'only a salt', stored: ':salt' },
    { name: 'whitespace around hex', stored: ' 5f4dcc3b5aa765d61d8327deb882cf99 ' },
    { name: 'pbkdf2 missing parts', stored: '$pbkdf2-sha256$i=100000$' },
    { name: 'pbkdf2 zero iterations', stored: '$pbkdf2-sha256$i=0$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 negative iterations', stored: '$pbkdf2-sha256$i=-5$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 huge iterations', stored: '$pbkdf2-sha256$i=99999999999999$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 iterations in hex', stored: '$pbkdf2-sha256$i=0x10$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 short salt', stored: '$pbkdf2-sha256$i=100000$aGLu$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 salt not base64', stored: '$pbkdf2-sha256$i=100000$aGLu*B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'pbkdf2 short hash', stored: '$pbkdf2-sha256$i=100000$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXr' },
    { name: 'pbkdf2 extra field', stored: '$pbkdf2-sha256$i=100000$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ$x' },
    { name: 'pbkdf2-sha1 (not ours)', stored: '$pbkdf2-sha1$i=100000$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ' },
    { name: 'NUL bytes', stored: '\u0000'.repeat(32) },
    { name: 'very long', stored: 'a'.repeat(100_000) },
  ]
  for (const row of ROWS) {
    it(row.name, async () => {
      expect(parseHashFormat(row.stored).kind).toBe('malformed')
      await expect(verifyPassword('password', row.stored)).resolves.toEqual({ ok: false, needsRehash: false })
    })
  }
  it('a stored value that is not a string at all (a NULL column) fails', async () => {
    await expect(verifyPassword('password', null as unknown as string)).resolves.toEqual({ ok: false, needsRehash: false })
  })
})

describe('verifyAgainstDummy', () => {
  it('resolves without a result for any password, including over-long ones', async () => {
    await expect(verifyAgainstDummy('password123')).resolves.toBeUndefined()
    await expect(verifyAgainstDummy('x'.repeat(1000))).resolves.toBeUndefined()
  })
})
