// One Workers Analytics Engine data point per request (docs/operations.md "Metrics"). Local
// workerd drops what the METRICS binding is given, so each test hands the Worker a dataset that
// keeps what it is given (the binding wrapped, as test/helpers/faults.ts wraps others) and reads it.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { callWith } from './helpers/gateway-env'
import { BASE } from './helpers/http'
import { bearer, customerClaims, mint } from './helpers/tokens'

function recordingDataset() {
  const points: AnalyticsEngineDataPoint[] = []
  const dataset = {
    writeDataPoint(point: AnalyticsEngineDataPoint) {
      points.push(point)
      env.METRICS!.writeDataPoint(point)
    },
  } as AnalyticsEngineDataset
  return { dataset, points }
}

async function pointOf(path: string, init: RequestInit & { cf?: Record<string, unknown> } = {}) {
  const { dataset, points } = recordingDataset()
  const res = await callWith({ METRICS: dataset }, path, init)
  await res.arrayBuffer()
  expect(points).toHaveLength(1)
  const [point] = points
  return { res, point: point! }
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('one data point per request: route, level, decision, reason, cache, grant, country; duration and status', () => {
  it('a public catalogue read proxied to the shop (cache status, country)', async () => {
    const { point } = await pointOf('/products/1', { cf: { country: 'DE' } } as RequestInit)
    expect(point).toEqual({
      indexes: ['/products/{id}'],
      blobs: ['/products/{id}', 'public', 'proxied', '-', expect.stringMatching(/^(MISS|HIT|STALE|BYPASS)$/), '-', 'DE'],
      doubles: [expect.any(Number), 200],
    })
  })

  it('a customer route refused without a token', async () => {
    const { point } = await pointOf('/customers/me')
    expect(point.blobs).toEqual(['/customers/me', 'customer', 'refused', 'authentication_required', '-', '-', '-'])
    expect(point.doubles?.[1]).toBe(401)
  })

  it("a customer route refused for another customer's id (403)", async () => {
    const { point } = await pointOf('/customers/2', { headers: bearer(await mint(customerClaims(1))) })
    expect(point.blobs?.slice(0, 4)).toEqual(['/customers/{id}', 'customer', 'refused', 'not_own_data'])
  })

  it('a login: answered, with its grant', async () => {
    const { email } = await createCustomer()
    const { res, point } = await pointOf('/auth/token', json({ email, password: 'password123' }))
    expect(res.status).toBe(200)
    expect(point.blobs).toEqual(['/auth/token', '-', 'answered', '-', '-', 'customer', '-'])
  })

  it('a failed login: refused, with its reason and grant', async () => {
    const { point } = await pointOf(
      '/auth/token',
      json({ grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000001', client_secret: 'wrong-secret-123' }),
    )
    expect(point.blobs).toEqual(['/auth/token', '-', 'refused', 'invalid_client', '-', 'client_credentials', '-'])
    expect(point.doubles?.[1]).toBe(401)
  })

  it('a path outside every route: no route, refused', async () => {
    const { point } = await pointOf(`${BASE}/nowhere`)
    expect(point).toMatchObject({ indexes: ['-'], blobs: ['-', '-', 'refused', 'route_not_found', '-', '-', '-'] })
  })

  it('a dataset that throws costs the answer nothing', async () => {
    const broken = {
      writeDataPoint: () => {
        throw new Error('injected')
      },
    } as unknown as AnalyticsEngineDataset
    const res = await callWith({ METRICS: broken }, '/products/1')
    expect(res.status).toBe(200)
  })

  it('the local binding exists and takes the data points (workerd drops them)', async () => {
    expect(typeof env.METRICS?.writeDataPoint).toBe('function')
    expect((await callWith({}, '/products/1')).status).toBe(200)
  })
})
