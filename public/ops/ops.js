// The operator page (docs/operations.md "The operator page"): signs in with client credentials,
// keeps the token in this closure only (never in storage or a cookie), reads the event trail from
// GET /api/rest/v2/auth/events and the refusal counts and edge copy figures from
// GET /api/rest/v2/auth/events/summary, and draws its charts as inline SVG. No library, no inline script.
;(() => {
  const API = '/api/rest/v2/auth'
  // The trail's kinds, as src/events/kinds.ts lists them (test/operator-pages.test.ts keeps the two equal).
  const KINDS = [
    'login_succeeded',
    'login_failed',
    'login_locked',
    'twofa_failed',
    'logout',
    'logout_everywhere',
    'token_revoked',
    'refresh_reuse',
    'password_changed',
    'account_copied',
    'sync_run',
    'cache_purged',
    'config_error',
  ]
  const MAX_PAGES = 20
  const SVG = 'http://www.w3.org/2000/svg'
  let token = null

  const $ = (selector) => document.querySelector(selector)
  const el = (name, attributes = {}, text) => {
    const node = name === 'svg' || ['rect', 'text', 'g', 'line', 'title'].includes(name) ? document.createElementNS(SVG, name) : document.createElement(name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value))
    if (text !== undefined) node.textContent = String(text)
    return node
  }

  for (const kind of KINDS) $('#filters select[name=kind]').append(el('option', { value: kind }, kind))

  $('#sign-in').addEventListener('submit', async (event) => {
    event.preventDefault()
    const form = new FormData(event.target)
    const error = $('#sign-in-error')
    error.hidden = true
    const res = await fetch(`${API}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: form.get('client_id'), client_secret: form.get('client_secret') }),
    })
    const body = await res.json().catch(() => ({}))
    if (!res.ok || typeof body.token !== 'string') {
      error.textContent = `Sign-in refused: ${body.message ?? res.status} (X-Request-Id ${res.headers.get('X-Request-Id') ?? '?'})`
      error.hidden = false
      return
    }
    token = body.token
    event.target.reset()
    event.target.hidden = true
    $('#dashboard').hidden = false
    await refresh()
  })

  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault()
    void refresh()
  })

  $('#sign-out').addEventListener('click', async () => {
    const ending = token
    token = null
    $('#dashboard').hidden = true
    $('#sign-in').hidden = false
    for (const id of [
      '#chart-logins',
      '#chart-reasons',
      '#chart-timeline',
      '#chart-kinds',
      '#chart-refusals',
      '#chart-refused-routes',
      '#edge-copy',
      '#sync',
      '#events tbody',
    ])
      $(id).replaceChildren()
    // RFC 7009 with the token as its own Bearer: it stops working at once, not at its expiry.
    if (ending)
      await fetch(`${API}/revoke`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ending}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: ending }),
      })
  })

  async function refresh() {
    const form = new FormData($('#filters'))
    const now = Math.floor(Date.now() / 1000)
    const since = now - Number(form.get('period'))
    const query = new URLSearchParams({ since: String(since), limit: '500' })
    if (form.get('kind')) query.set('kind', String(form.get('kind')))
    if (form.get('subject')) query.set('subject', String(form.get('subject')).trim())
    $('#status').textContent = 'Loading…'
    const summary = await fetch(`${API}/events/summary?${new URLSearchParams({ since: String(since) })}`, { headers: { Authorization: `Bearer ${token}` } })
    const counts = await summary.json().catch(() => ({}))
    if (!summary.ok) {
      $('#status').textContent = `The summary API refused: ${counts.message ?? summary.status} (X-Request-Id ${summary.headers.get('X-Request-Id') ?? '?'})`
      return
    }
    const events = []
    let cursor = null
    for (let page = 0; page < MAX_PAGES; page += 1) {
      if (cursor) query.set('cursor', cursor)
      const res = await fetch(`${API}/events?${query}`, { headers: { Authorization: `Bearer ${token}` } })
      const body = await res.json().catch(() => ({}))
      if (!res.ok) {
        $('#status').textContent = `The events API refused: ${body.message ?? res.status} (X-Request-Id ${res.headers.get('X-Request-Id') ?? '?'})`
        return
      }
      events.push(...body.events)
      cursor = body.next
      if (!cursor) break
    }
    $('#status').textContent =
      `${events.length} events since ${new Date(since * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC${cursor ? ' (first pages only)' : ''}`
    draw(events, since, now)
    drawSummary(counts, now)
  }

  // The gateway's refusals in the period (not filtered by kind or subject) and the edge copy now.
  function drawSummary({ refusals, edgeCopy }, now) {
    bars(
      $('#chart-refusals'),
      refusals.byReason.map((r) => [r.reason, r.count]),
      () => true,
    )
    bars(
      $('#chart-refused-routes'),
      refusals.byRoute.map((r) => [r.route, r.count]),
      () => true,
    )
    const confirmed =
      edgeCopy.newestConfirmedAt === null
        ? 'no copy confirmed by the shop yet'
        : `newest confirmation ${ago(now - edgeCopy.newestConfirmedAt)} ago, oldest ${ago(now - edgeCopy.oldestConfirmedAt)} ago`
    $('#edge-copy').textContent = `${edgeCopy.customers} customers and ${edgeCopy.serviceAccounts} service accounts at the edge; ${confirmed}.`
    const sync = edgeCopy.lastSync
    $('#sync').textContent = sync
      ? `Last sync run ${ago(now - sync.at)} ago (${sync.mode}, ${sync.customers} customers and ${sync.serviceAccounts} service accounts written${sync.failed ? ', failed' : ''}).`
      : 'No sync run on record: the edge copy is kept current by shop fallbacks and write-through only.'
  }

  function draw(events, since, now) {
    const count = (pick) => {
      const counts = new Map()
      for (const e of events) {
        const key = pick(e)
        if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1)
      }
      return [...counts].sort((a, b) => b[1] - a[1])
    }
    const logins = ['login_succeeded', 'login_failed', 'login_locked', 'twofa_failed']
    bars(
      $('#chart-logins'),
      logins.map((k) => [k, events.filter((e) => e.kind === k).length]),
      (label) => label !== 'login_succeeded',
    )
    bars(
      $('#chart-reasons'),
      count((e) => (e.kind === 'login_failed' ? String(e.detail.reason ?? 'unknown') : undefined)),
      () => true,
    )
    bars(
      $('#chart-kinds'),
      count((e) => e.kind),
      (label) => ['login_failed', 'login_locked', 'twofa_failed', 'refresh_reuse', 'config_error'].includes(label),
    )
    timeline($('#chart-timeline'), events, since, now)
    table(events)
  }

  // A horizontal bar chart: one row per [label, value].
  function bars(container, rows, bad) {
    const width = 320
    const row = 22
    const max = Math.max(1, ...rows.map(([, value]) => value))
    const svg = el('svg', { width, height: Math.max(row, rows.length * row), role: 'img', 'aria-label': rows.map(([l, v]) => `${l}: ${v}`).join(', ') })
    rows.forEach(([label, value], i) => {
      const y = i * row
      // A long label (a route template) is cut to fit before its bar; the whole one is its tooltip.
      const text = el('text', { x: 0, y: y + 15 }, label.length > 23 ? `${label.slice(0, 22)}…` : label)
      text.append(el('title', {}, label))
      svg.append(text)
      svg.append(
        el('rect', {
          class: bad(label) ? 'bar bad' : 'bar',
          x: 140,
          y: y + 4,
          height: 14,
          width: Math.max(value > 0 ? 2 : 0, Math.round((value / max) * 140)),
          'data-label': label,
          'data-value': value,
        }),
      )
      svg.append(el('text', { x: 286, y: y + 15 }, value))
    })
    container.replaceChildren(rows.length ? svg : el('p', { class: 'muted' }, 'Nothing in this period.'))
  }

  // Events per time slot over the period: 24 columns, failures stacked apart from the rest.
  function timeline(container, events, since, now) {
    const slots = 24
    const span = Math.max(1, (now - since) / slots)
    const all = new Array(slots).fill(0)
    for (const e of events) all[Math.min(slots - 1, Math.max(0, Math.floor((e.at - since) / span)))] += 1
    const max = Math.max(1, ...all)
    const svg = el('svg', { width: 320, height: 120, role: 'img', 'aria-label': `events per ${ago(span)}` })
    for (const [i, value] of all.entries()) {
      const height = Math.round((value / max) * 90)
      svg.append(el('rect', { class: 'bar', x: i * 13, y: 100 - height, width: 11, height, 'data-value': value }))
    }
    svg.append(el('line', { x1: 0, x2: 312, y1: 100.5, y2: 100.5, stroke: '#8c8f94' }))
    svg.append(el('text', { x: 0, y: 115 }, `${ago(now - since)} ago`))
    svg.append(el('text', { x: 280, y: 115 }, 'now'))
    container.replaceChildren(svg)
  }

  function table(events) {
    const rows = events
      .slice(-200)
      .reverse()
      .map((e) => {
        const tr = el('tr', { 'data-kind': e.kind })
        const detail = Object.entries(e.detail)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
        for (const text of [
          new Date(e.at * 1000).toISOString().slice(0, 19).replace('T', ' '),
          e.kind,
          e.subject ?? '—',
          e.ip ?? '—',
          detail,
          e.requestId ?? '—',
        ])
          tr.append(el('td', {}, text))
        return tr
      })
    $('#events tbody').replaceChildren(...rows)
  }

  function ago(seconds) {
    // A copy confirmed a moment ago by the edge's clock may be "in the future" by this browser's.
    seconds = Math.max(0, seconds)
    if (seconds < 120) return `${Math.round(seconds)} s`
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h`
    return `${Math.round(seconds / 86400)} days`
  }
})()
