// The operator page in headless Chromium against the local stack: sign in with a service account's
// client credentials, charts drawn from real events and real refusals, the edge copy's figures, a
// filter applied, sign out (the token then refused). The token never reaches storage or a cookie.
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalStack, type LocalStack } from './local-stack'

const ADMIN = { client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-secret' }

let stack: LocalStack
let browser: Browser

beforeAll(async () => {
  stack = await startLocalStack('/ops/', 200_000)
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

const login = (body: Record<string, string>) =>
  fetch(`${stack.base}/api/rest/v2/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

async function barValue(page: Page, chart: string, label: string): Promise<number> {
  return Number(await page.getAttribute(`${chart} rect[data-label="${label}"]`, 'data-value'))
}

describe('the operator page in headless Chromium', () => {
  it('signs in, draws charts from real events, filters the list, signs out', async () => {
    // Real events: a refused and an answered customer login.
    expect((await login({ email: 'customer@example.com', password: 'not-the-password' })).status).toBe(401)
    expect((await login({ email: 'other@example.com', password: 'password123' })).status).toBe(200)
    // Real refusals: a customer route without a token, and paths no route matches.
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${stack.base}/api/rest/v2/customers/me`)).status).toBe(401)
    for (let i = 0; i < 2; i += 1) expect((await fetch(`${stack.base}/api/rest/v2/no-such-route-${i}`)).status).toBe(404)

    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(String(err)))
    page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : undefined))
    await page.goto(`${stack.base}/ops/`)
    expect(await page.isVisible('#dashboard')).toBe(false)
    await page.fill('input[name=client_id]', ADMIN.client_id)
    await page.fill('input[name=client_secret]', ADMIN.client_secret)
    const signedIn = page.waitForResponse((res) => res.url().endsWith('/api/rest/v2/auth/token'))
    await page.click('#sign-in button[type=submit]')
    const { token } = (await (await signedIn).json()) as { token: string }

    await page.waitForSelector('#chart-logins rect[data-label="login_failed"]')
    expect(await barValue(page, '#chart-logins', 'login_failed')).toBeGreaterThanOrEqual(1)
    // Both logins above and the sign-in itself (client_credentials).
    expect(await barValue(page, '#chart-logins', 'login_succeeded')).toBeGreaterThanOrEqual(2)
    expect(await barValue(page, '#chart-reasons', 'wrong_secret')).toBeGreaterThanOrEqual(1)
    expect(await page.locator('#events tbody tr').count()).toBeGreaterThanOrEqual(3)
    // The refusal charts, from the summary's counts of the gateway's refusals above.
    await page.waitForSelector('#chart-refusals rect[data-label="authentication_required"]')
    expect(await barValue(page, '#chart-refusals', 'authentication_required')).toBeGreaterThanOrEqual(3)
    expect(await barValue(page, '#chart-refusals', 'route_not_found')).toBeGreaterThanOrEqual(2)
    expect(await barValue(page, '#chart-refused-routes', '/customers/me')).toBeGreaterThanOrEqual(3)
    expect(await barValue(page, '#chart-refused-routes', '-')).toBeGreaterThanOrEqual(2)
    // The demo seed's copies, confirmed when the local stack seeded them.
    expect(await page.textContent('#edge-copy')).toMatch(
      /^[1-9][0-9]* customers and [1-9][0-9]* service accounts at the edge; newest confirmation [0-9]+ (s|min) ago, oldest [0-9]+ (s|min|h|days) ago\.$/,
    )
    expect(await page.textContent('#sync')).toMatch(/^(No sync run on record|Last sync run)/)
    // The token lives in the page's memory only.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, ''])

    await page.selectOption('select[name=kind]', 'login_failed')
    await page.click('#filters button[type=submit]')
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('#events tbody tr')]
      return rows.length > 0 && rows.every((row) => row.dataset.kind === 'login_failed')
    })
    expect(await page.locator('#events tbody tr[data-kind="login_failed"] td:nth-child(3)').first().textContent()).toBe('customer_1')

    const revoked = page.waitForResponse((res) => res.url().endsWith('/api/rest/v2/auth/revoke'))
    await page.click('#sign-out')
    expect((await revoked).status()).toBe(200)
    expect(await page.isVisible('#sign-in')).toBe(true)
    expect(await page.isVisible('#dashboard')).toBe(false)
    expect(await page.locator('#chart-logins svg').count()).toBe(0)
    expect(await page.locator('#chart-refusals svg').count()).toBe(0)
    const after = await fetch(`${stack.base}/api/rest/v2/auth/events`, { headers: { Authorization: `Bearer ${token}` } })
    expect(after.status).toBe(401)
    expect(errors).toEqual([])
  })

  it('a wrong secret is refused on the page, with the request id to look up', async () => {
    const page = await browser.newPage()
    await page.goto(`${stack.base}/ops/`)
    await page.fill('input[name=client_id]', ADMIN.client_id)
    await page.fill('input[name=client_secret]', 'wrong-secret-12345')
    await page.click('#sign-in button[type=submit]')
    await page.waitForSelector('#sign-in-error:not([hidden])')
    expect(await page.textContent('#sign-in-error')).toMatch(/^Sign-in refused: Invalid client credentials \(X-Request-Id [0-9a-f-]{36}\)$/)
    expect(await page.isVisible('#dashboard')).toBe(false)
  })
})
