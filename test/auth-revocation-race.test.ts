// A KV read of the revocation store that began before a logout's write and finished after it
// returns the value from before the logout. That answer may serve the request that raced the
// logout, but must not be cached: the next request in this isolate sees the logout.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { callWith, wrap } from './helpers/gateway-env'
import { call } from './helpers/http'
import { bearer, customerClaims, mint } from './helpers/tokens'

/** The real KV, whose reads return what KV held when they began but only once `release` is called. */
function heldReads() {
  let release!: () => void
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let started!: () => void
  const begun = new Promise<void>((resolve) => {
    started = resolve
  })
  const kv = wrap(env.REVOKED, {
    get: async (...args: Parameters<KVNamespace['get']>) => {
      const value = await (env.REVOKED.get as (...a: unknown[]) => Promise<unknown>)(...args)
      started()
      await released
      return value
    },
  })
  return { kv, begun, release }
}

describe('a logout wins over a revocation read in flight', () => {
  for (const everywhere of [false, true]) {
    it(`a read that began before a logout${everywhere ? ' everywhere' : ''} does not cache "not revoked"`, async () => {
      const { id, email } = await createCustomer()
      const token = await mint(customerClaims(id, email))
      const held = heldReads()
      const racing = callWith({ REVOKED: held.kv }, '/customers/me', { headers: bearer(token) })
      await held.begun
      const logout = await call('/auth/logout', {
        method: 'POST',
        headers: { ...bearer(token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ everywhere }),
      })
      expect(logout.status).toBe(200)
      held.release()
      // The racing request read KV before the logout: it may pass, it was sent before the logout answered.
      expect((await racing).status).toBe(200)
      const after = await call('/customers/me', { headers: bearer(token) })
      expect(after.status).toBe(401)
      expect(await after.json()).toEqual(ANSWERS.invalidToken)
    })
  }
})
