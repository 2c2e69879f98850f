// The demo origin: a small stand-in for the shop. Its auth lives in shop/: the token endpoint,
// the accounts and carts in its own D1, the endpoints that set passwords, logout and its revocation
// list, and the check of the Bearer on every /api/rest/v2, /api/graphql and /api/mcp request. Every other request it accepts is answered 200 with the
// echo (echo.ts) so a person can see what the shop would see. Test hooks: hooks.ts, shop/hooks.ts.
import { Hono } from 'hono'
import { shopDelay, withCaching } from './caching'
import { echo } from './echo'
import { countHit, demoHook } from './hooks'
import type { ShopApp } from './shop/app'
import { checkBearer, checkDoorBearer } from './shop/bearer'
import { useShopIssuer } from './shop/config'
import { changePassword, createFromOrder, forgotPassword, register, resetPassword, showCustomer, showMe, updateMe } from './shop/customers'
import { addItems, newGuestCart, showGuestCart } from './shop/guest-carts'
import { shopError } from './shop/errors'
import { shopHooks } from './shop/hooks'
import { logout } from './shop/revocations'
import { API } from './shop/routes'
import { socialAuth } from './shop/social-auth'
import { tokenEndpoint } from './shop/token-endpoint'
import { protectedResource } from './shop/well-known'
import { storefront } from './storefront'

const app = new Hono<ShopApp>()

app.use('*', async (c, next) => {
  useShopIssuer(c.env.SHOP_ISSUER)
  const url = new URL(c.req.url)
  if (!url.pathname.startsWith('/__demo/hits')) countHit(c.req.raw)
  const page = storefront(url.pathname)
  if (page) return page
  await shopDelay(c.req.raw)
  const hook = await demoHook(c.req.raw, url)
  if (hook) {
    await drain(c.req.raw)
    return hook
  }
  await next()
  await drain(c.req.raw)
})
app.route('/__demo/shop', shopHooks)
app.get('/.well-known/oauth-protected-resource', (c) => protectedResource(c.req.raw))

app.use(`${API}/*`, checkBearer)
// GraphQL and MCP: the same tokens, no token is public; answered with the echo below.
app.use('/api/graphql', checkDoorBearer)
app.use('/api/mcp', checkDoorBearer)
app.post(`${API}/auth/token`, tokenEndpoint)
app.post(`${API}/auth/logout`, logout)
app.post(`${API}/customers`, register)
app.get(`${API}/customers/me`, showMe)
app.put(`${API}/customers/me`, updateMe)
app.post(`${API}/customers/me/password`, changePassword)
app.post(`${API}/customers/forgot-password`, forgotPassword)
app.post(`${API}/customers/reset-password`, resetPassword)
app.post(`${API}/customers/create-from-order`, createFromOrder)
app.post(`${API}/customers/social-auth`, socialAuth)
app.get(`${API}/customers/:id{[0-9]+}`, showCustomer)
app.post(`${API}/guest-carts`, newGuestCart)
app.get(`${API}/guest-carts/:id`, showGuestCart)
app.post(`${API}/guest-carts/:id/items`, addItems)

app.all('*', async (c) => withCaching(c.req.raw, new URL(c.req.url), await echo(c.req.raw)))

app.onError((err) => {
  console.error(JSON.stringify({ event: 'demo_shop_error', error: String(err instanceof Error ? (err.stack ?? err) : err) }))
  return shopError('internal')
})

export default app

// Reads what an answer left unread (a refusal, a hook): the sender may still be streaming the
// body, and a request stream cut off once the answer is out fails in the sender's worker.
async function drain(request: Request): Promise<void> {
  if (request.body && !request.bodyUsed) await request.arrayBuffer()
}
