// The demo storefront page (local only): a shop page that logs a customer in with cookie mode.
// Served by the demo origin under /__demo/storefront and reached through the gateway's local-only
// /demo/storefront route, so the page and the API share one origin and the session cookies.
// The script never sees a token: the gateway keeps both in HttpOnly cookies.

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gatehouse demo storefront</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  form, section { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
  label { display: block; margin: .25rem 0; }
  pre { background: #f6f6f6; padding: .5rem; overflow: auto; }
  [hidden] { display: none; }
</style>
</head>
<body>
<h1>Demo storefront</h1>
<p>Logs in through gatehouse in cookie mode: the tokens live in <code>HttpOnly</code> cookies this page cannot read.</p>
<p id="status">Checking your session…</p>
<form id="login" hidden>
  <label>Email <input name="email" type="email" value="customer@example.com" autocomplete="username"></label>
  <label>Password <input name="password" type="password" value="password123" autocomplete="current-password"></label>
  <label id="code-field" hidden>Code from your authenticator app <input name="twofa_code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code"></label>
  <button type="submit" id="login-button">Log in</button>
</form>
<section id="account" hidden>
  <h2>Hello, <span id="name"></span></h2>
  <p>Your account as <code>GET /api/rest/v2/customers/me</code> returns it:</p>
  <pre id="me"></pre>
  <button id="refresh-button">Refresh session</button>
  <button id="logout-button">Log out</button>
  <h3>Where you are logged in</h3>
  <p>From <code>GET /api/rest/v2/auth/sessions</code>; "End" sends <code>DELETE</code> for that session.</p>
  <ul id="sessions"></ul>
  <button id="end-others-button">End all other sessions</button>
</section>
<p>Cookies this page's script can read: <code id="cookies"></code></p>
<p id="last-action"></p>
<script src="/demo/storefront.js"></script>
</body>
</html>
`

const SCRIPT = `
const API = '/api/rest/v2'
// Cookie-authenticated writes need this header (gatehouse's CSRF rule).
const WRITE = { 'X-Requested-With': 'storefront' }
const $ = (id) => document.getElementById(id)

function show(state, text) {
  document.body.dataset.state = state
  $('status').textContent = text
  $('cookies').textContent = document.cookie === '' ? '(none)' : document.cookie
}

async function loadMe() {
  let res = await fetch(API + '/customers/me')
  if (res.status === 401) {
    // The access cookie expired or was refused: one rotation through the refresh cookie, then again.
    const refreshed = await fetch(API + '/auth/refresh', { method: 'POST', headers: WRITE })
    if (refreshed.ok) res = await fetch(API + '/customers/me')
  }
  if (!res.ok) {
    $('login').hidden = false
    $('account').hidden = true
    show('logged-out', 'You are not logged in.')
    return
  }
  const body = await res.json()
  const me = body.data ?? body
  $('name').textContent = [me.firstName ?? me.firstname, me.lastName ?? me.lastname].filter(Boolean).join(' ') || me.email
  $('me').textContent = JSON.stringify(me, null, 2)
  $('login').hidden = true
  $('account').hidden = false
  await loadSessions()
  show('logged-in', 'You are logged in.')
}

// The session list: text only (textContent), an "End" button per session.
async function loadSessions() {
  const res = await fetch(API + '/auth/sessions')
  const list = $('sessions')
  list.replaceChildren()
  if (!res.ok) return
  const { sessions } = await res.json()
  for (const session of sessions) {
    const item = document.createElement('li')
    item.dataset.sessionId = session.id
    item.dataset.current = String(session.current)
    const place = session.location.lastUse
    const where = place ? [place.city, place.country].filter(Boolean).join(', ') : 'unknown place'
    item.textContent = session.device + ', ' + where + ', last used ' + new Date(session.lastUsedAt).toLocaleString() + (session.current ? ' (this browser) ' : ' ')
    const end = document.createElement('button')
    end.className = 'end-session'
    end.textContent = 'End'
    end.addEventListener('click', async () => {
      const ended = await fetch(API + '/auth/sessions/' + session.id, { method: 'DELETE', headers: WRITE })
      $('last-action').textContent = 'End session answered ' + ended.status
      await loadMe()
    })
    item.append(end)
    list.append(item)
  }
  document.body.dataset.sessions = String(sessions.length)
}

$('end-others-button').addEventListener('click', async () => {
  const res = await fetch(API + '/auth/sessions', { method: 'DELETE', headers: WRITE })
  $('last-action').textContent = 'End other sessions answered ' + res.status
  await loadMe()
})

$('login').addEventListener('submit', async (event) => {
  event.preventDefault()
  const form = new FormData(event.target)
  const fields = { email: form.get('email'), password: form.get('password') }
  // The shop's second factor: asked for only once the shop said the password needs it.
  if (!$('code-field').hidden) fields.twofa_code = form.get('twofa_code')
  const res = await fetch(API + '/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  })
  const body = await res.json()
  $('last-action').textContent = 'Login answered ' + res.status + ' with fields: ' + Object.keys(body).join(', ')
  if (body.error === 'twofa_required' || body.error === 'twofa_invalid') {
    $('code-field').hidden = false
    show('needs-code', body.error === 'twofa_required' ? 'Enter the 6-digit code from your authenticator app.' : 'That code is not right: try the current one.')
    return
  }
  $('code-field').hidden = true
  await loadMe()
})

$('refresh-button').addEventListener('click', async () => {
  const res = await fetch(API + '/auth/refresh', { method: 'POST', headers: WRITE })
  $('last-action').textContent = 'Refresh answered ' + res.status
  document.body.dataset.refreshed = String(res.status)
  await loadMe()
})

$('logout-button').addEventListener('click', async () => {
  const res = await fetch(API + '/auth/logout', { method: 'POST', headers: WRITE })
  $('last-action').textContent = 'Logout answered ' + res.status
  await loadMe()
})

loadMe()
`

/** The storefront page or its script, or undefined for any other path. */
export function storefront(path: string): Response | undefined {
  if (path === '/__demo/storefront') {
    return new Response(PAGE, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        // No inline script: even on the demo page an injected script has nothing to steal, and the CSP shows the habit.
        'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        'Cache-Control': 'no-store',
      },
    })
  }
  if (path === '/__demo/storefront.js') {
    return new Response(SCRIPT, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' } })
  }
  return undefined
}
