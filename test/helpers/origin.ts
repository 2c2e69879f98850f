import { env } from 'cloudflare:workers'

/** The header the demo origin counts hits by (demo/origin/src/hooks.ts). */
export const PROBE_HEADER = 'X-Demo-Probe'
/** A request header that makes the demo origin answer `{"demo":true,"status":N}` with status N (200-599). */
export const STATUS_HEADER = 'X-Demo-Status'

/** A tag unique to one test, so hits counted by the shared demo origin are this test's alone. */
export function newProbe(): string {
  return crypto.randomUUID()
}

/** How many requests carrying `probe` reached the demo origin. */
export async function originHits(probe: string): Promise<number> {
  const res = await env.ORIGIN!.fetch(`http://origin.test/__demo/hits?probe=${encodeURIComponent(probe)}`)
  return (await res.json<{ hits: number }>()).hits
}
