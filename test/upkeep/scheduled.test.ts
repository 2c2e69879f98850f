import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { Env } from '../../src/core/env'
import worker from '../../src/index'
import { storeEvent } from '../helpers/events'

const NOW = 2_000_000_000
const DAY = 86_400
const WINDOW = 900 // LOCKOUT_WINDOW_SECONDS default

let logs: MockInstance
beforeEach(() => {
  logs = vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => logs.mockRestore())

async function run(bindings: Env = env): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: NOW * 1000, cron: '*/15 * * * *' }), bindings, ctx)
  await waitOnExecutionContext(ctx)
}

const column = async (sql: string) => (await env.DB.prepare(sql).all<Record<string, unknown>>()).results.map((r) => Object.values(r)[0])
const exec = (sql: string, ...values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .run()
const loggedLines = () => logs.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>)

describe('the scheduled upkeep (Cron Trigger)', () => {
  it('prunes what no decision reads any more, and keeps everything that still counts', async () => {
    // login_failures: window closed and no lock (goes); lock ended (goes); still locked (stays); window still open (stays).
    await exec(
      'insert into login_failures (identity_hash, failed_login_count, failed_window_started_at, locked_until) values (?, 3, ?, null)',
      'up-closed',
      NOW - WINDOW - 1,
    )
    await exec(
      'insert into login_failures (identity_hash, failed_login_count, failed_window_started_at, locked_until) values (?, 0, null, ?)',
      'up-lock-over',
      NOW - 1,
    )
    await exec(
      'insert into login_failures (identity_hash, failed_login_count, failed_window_started_at, locked_until) values (?, 0, null, ?)',
      'up-locked',
      NOW + 60,
    )
    await exec(
      'insert into login_failures (identity_hash, failed_login_count, failed_window_started_at, locked_until) values (?, 2, ?, null)',
      'up-counting',
      NOW - 10,
    )
    // refresh families: one past its absolute end (with its tokens), one live.
    for (const [family, end] of [
      ['a'.repeat(32), NOW - 1],
      ['b'.repeat(32), NOW + DAY],
    ] as const) {
      await exec('insert into refresh_families (id, customer_id, created_at, expires_at) values (?, 1, ?, ?)', family, NOW - 2 * DAY, end)
      await exec('insert into refresh_tokens (token_hash, family_id, issued_at, expires_at) values (?, ?, ?, ?)', `hash-${family}`, family, NOW - DAY, end)
    }
    await exec(
      'insert into session_access_tokens (jti, family_id, expires_at) values (?, ?, ?), (?, ?, ?)',
      'jti-old',
      'a'.repeat(32),
      NOW - 1,
      'jti-live',
      'b'.repeat(32),
      NOW + 60,
    )
    await exec('insert into refreshed_tokens (jti, expires_at) values (?, ?), (?, ?)', 'rt-old', NOW - 1, 'rt-live', NOW + 60)
    // events: past the 90-day default retention (goes) and within it (stays); with their burst counters.
    const old = await storeEvent({ at: NOW - 91 * DAY, subject: 'customer_8001' })
    const recent = await storeEvent({ at: NOW - 89 * DAY, subject: 'customer_8002' })
    // refusal counts: of a minute past the same retention (goes) and within it (stays).
    const [oldMinute, recentMinute] = [Math.floor((NOW - 91 * DAY) / 60), Math.floor((NOW - 89 * DAY) / 60)]
    await exec(
      "insert into refusal_counts (minute, reason, route, count) values (?, 'route_not_found', '-', 7), (?, 'forbidden', '/orders', 2)",
      oldMinute,
      recentMinute,
    )

    await run()

    expect(await column("select identity_hash from login_failures where identity_hash like 'up-%' order by 1")).toEqual(['up-counting', 'up-locked'])
    expect(await column('select id from refresh_families order by 1')).toEqual(['b'.repeat(32)])
    expect(await column('select family_id from refresh_tokens order by 1')).toEqual(['b'.repeat(32)])
    expect(await column('select jti from session_access_tokens order by 1')).toEqual(['jti-live'])
    expect(await column("select jti from refreshed_tokens where jti like 'rt-%' order by 1")).toEqual(['rt-live'])
    const ids = await column('select id from security_events')
    expect(ids).toContain(recent.id)
    expect(ids).not.toContain(old.id)
    expect(await column(`select count(*) from security_event_bursts where minute < ${Math.floor((NOW - DAY) / 60)}`)).toEqual([0])
    expect(await column('select minute from refusal_counts')).toEqual([recentMinute])
    expect(loggedLines()).toContainEqual(
      expect.objectContaining({
        event: 'upkeep',
        cron: '*/15 * * * *',
        loginFailures: 2,
        refreshFamilies: 1,
        refreshTokens: 1,
        accessTokens: 1,
        refreshedTokens: 1,
        events: 1,
        refusals: 1,
      }),
    )
  })

  it('EVENTS_RETENTION_DAYS sets how long events and refusal counts stay', async () => {
    const twoDays = await storeEvent({ at: NOW - 2 * DAY, subject: 'customer_8003' })
    await exec("insert into refusal_counts (minute, reason, route, count) values (?, 'forbidden', '/orders', 1)", Math.floor((NOW - 2 * DAY) / 60))
    await run({ ...env, EVENTS_RETENTION_DAYS: '1' })
    expect(await column('select id from security_events')).not.toContain(twoDays.id)
    expect(await column(`select count(*) from refusal_counts where minute < ${Math.floor((NOW - DAY) / 60)}`)).toEqual([0])
  })

  it('a second run right after finds nothing left to prune', async () => {
    await run()
    logs.mockClear()
    await run()
    expect(loggedLines()).toEqual([
      {
        event: 'upkeep',
        cron: '*/15 * * * *',
        loginFailures: 0,
        refreshFamilies: 0,
        refreshTokens: 0,
        accessTokens: 0,
        refreshedTokens: 0,
        events: 0,
        bursts: 0,
        refusals: 0,
      },
    ])
  })

  it('a broken config fails the run loudly (logged, thrown) and prunes nothing', async () => {
    const kept = await storeEvent({ at: NOW - 400 * DAY, subject: 'customer_8004' })
    await expect(run({ ...env, EVENTS_RETENTION_DAYS: 'forever' })).rejects.toThrow(/EVENTS_RETENTION_DAYS/)
    expect(loggedLines()).toContainEqual(expect.objectContaining({ event: 'upkeep_failed', error: 'ConfigError' }))
    expect(await column('select id from security_events')).toContain(kept.id)
  })
})
