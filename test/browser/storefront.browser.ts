// The demo storefront in a real browser (Debian's chromium through playwright-core): cookie-mode
// login, /customers/me, reload, refresh, the session list with its "End" buttons, logout; tokens out of reach of page JavaScript; a
// cross-site form post refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentCode } from '../helpers/totp'
import { freePort, startLocalStack, type LocalStack } from './local-stack'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

let stack: LocalStack
let profile: string
let context: BrowserContext
let attacker: Server
let attackerPort: number

beforeAll(async () => {
  stack = await startLocalStack('/demo/storefront', 200_000)
  profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'))
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  attackerPort = await freePort()
  attacker = await serveAttackerPages(attackerPort, stack.base)
})

afterAll(async () => {
  await context?.close()
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)))
  await stack?.stop()
  if (profile) rmSync(profile, { recursive: true, force: true })
})

async function openStorefront(): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${stack.base}/demo/storefront`)
  await page.waitForSelector('body[data-state]')
  return page
}

async function logIn(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="logged-out"]')
  await page.click('#login-button')
  await page.waitForSelector('body[data-state="logged-in"]')
}

async function sessionCookies() {
  const cookies = await context.cookies(`${stack.base}/api/rest/v2/auth/token`)
  return {
    access: cookies.find((c) => c.name === '__Host-gh_access'),
    refresh: cookies.find((c) => c.name === '__Secure-gh_refresh'),
  }
}

describe('the demo storefront in headless Chromium', () => {
  it('logs in with cookies the page cannot read, shows /customers/me, survives a reload, refreshes, lists sessions and ends another device\'s with its "End" button, and logs out', async () => {
    const page = await openStorefront()
    await logIn(page)
    expect(await page.textContent('#me')).toContain('customer@example.com')
    expect(await page.textContent('#last-action')).toBe('Login answered 200 with fields: expiresIn, expires_in, customer')

    const { access, refresh } = await sessionCookies()
    expect(access).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/rest/v2/auth' })
    // Page JavaScript sees neither token.
    expect(await page.evaluate(() => document.cookie)).toBe('')
    expect(await page.textContent('#cookies')).toBe('(none)')

    await page.reload()
    await page.waitForSelector('body[data-state="logged-in"]')
    expect(await page.textContent('#me')).toContain('customer@example.com')

    await page.click('#refresh-button')
    await page.waitForSelector('body[data-refreshed="200"]')
    await page.waitForSelector('body[data-state="logged-in"]')
    const rotated = await sessionCookies()
    expect(rotated.refresh?.value).toBeTruthy()
    expect(rotated.refresh?.value).not.toBe(refresh?.value)
    expect(rotated.access?.value).not.toBe(access?.value)
    expect(await page.evaluate(() => document.cookie)).toBe('')

    // Another device: a token-mode login from a phone, straight to the API.
    const phone = await fetch(`${stack.base}/api/rest/v2/auth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      },
      body: JSON.stringify({ email: 'customer@example.com', password: 'password123' }),
    })
    expect(phone.status).toBe(200)
    const { token } = (await phone.json()) as { token: string }
    const phoneMe = () => fetch(`${stack.base}/api/rest/v2/customers/me`, { headers: { Authorization: `Bearer ${token}` } })
    expect((await phoneMe()).status).toBe(200)

    await page.reload()
    await page.waitForSelector('body[data-state="logged-in"]')
    const phoneItem = page.locator('#sessions li[data-current="false"]', { hasText: 'Safari on iPhone' })
    await expect.poll(() => phoneItem.count()).toBe(1)
    expect(await page.locator('#sessions li[data-current="true"]').textContent()).toContain('Chrome on Linux')
    expect(await page.textContent('#sessions')).not.toContain(token)

    await phoneItem.locator('button.end-session').click()
    await expect.poll(() => page.textContent('#last-action')).toBe('End session answered 200')
    await expect.poll(() => phoneItem.count()).toBe(0)
    expect((await phoneMe()).status).toBe(401)

    await page.click('#logout-button')
    await page.waitForSelector('body[data-state="logged-out"]')
    expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined })
    await page.reload()
    await page.waitForSelector('body[data-state="logged-out"]')
    await page.close()
  })

  it('refuses a form posted from another origin of the site, and from another site, and the session survives', async () => {
    const page = await openStorefront()
    await logIn(page)

    // Same site (localhost), another origin (port): the browser sends the cookies; gatehouse refuses.
    const sameSite = await context.newPage()
    await sameSite.goto(`http://localhost:${attackerPort}/logout-form`)
    await sameSite.waitForURL(`${stack.base}/api/rest/v2/auth/logout`)
    expect(JSON.parse((await sameSite.textContent('body')) ?? '')).toEqual({ error: 'forbidden', message: 'Cross-site request refused', code: 403 })

    // Another site (127.0.0.1 is not localhost's site): SameSite keeps the cookies home; no session, no action.
    const crossSite = await context.newPage()
    await crossSite.goto(`http://127.0.0.1:${attackerPort}/password-form`)
    await crossSite.waitForURL(`${stack.base}/api/rest/v2/customers/me/password`)
    expect(JSON.parse((await crossSite.textContent('body')) ?? '')).toEqual({ error: 'unauthorized', message: 'Authentication required', code: 401 })

    await page.reload()
    await page.waitForSelector('body[data-state="logged-in"]')
    expect(await page.textContent('#me')).toContain('customer@example.com')
    await page.click('#logout-button')
    await page.waitForSelector('body[data-state="logged-out"]')
  })

  it('asks for the second factor when the shop wants it, and logs in with the code', async () => {
    // Every login and refresh of this suite comes from one address, and together they pass the
    // local per-IP limit (10 a minute, counted in minutes since the epoch): start in a fresh minute.
    await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 1_000))
    const page = await openStorefront()
    await page.waitForSelector('body[data-state="logged-out"]')
    await page.fill('input[name="email"]', 'twofa@example.com')
    await page.click('#login-button')
    await page.waitForSelector('body[data-state="needs-code"]')
    expect(await page.textContent('#last-action')).toBe('Login answered 401 with fields: error, message, code, error_description')
    expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined })

    await page.fill('input[name="twofa_code"]', await currentCode())
    await page.click('#login-button')
    await page.waitForSelector('body[data-state="logged-in"]')
    expect(await page.textContent('#me')).toContain('twofa@example.com')
    await page.close()
  })
})

/** A hostile page that auto-submits a form to the storefront's API. */
function serveAttackerPages(port: number, target: string): Promise<Server> {
  const form = (action: string, fields: string) => `<!doctype html><form method="post" action="${target}${action}">${fields}</form>
<script>document.forms[0].submit()</script>`
  const pages: Record<string, string> = {
    '/logout-form': form('/api/rest/v2/auth/logout', '<input name="everywhere" value="true">'),
    '/password-form': form('/api/rest/v2/customers/me/password', '<input name="currentPassword" value="x"><input name="newPassword" value="pwned-by-form">'),
  }
  const server = createServer((req, res) => {
    const page = pages[req.url ?? '']
    res.writeHead(page ? 200 : 404, { 'Content-Type': 'text/html' })
    res.end(page ?? 'not found')
  })
  return new Promise((resolve) => server.listen(port, '0.0.0.0', () => resolve(server)))
}
