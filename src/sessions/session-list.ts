import type { LiveFamily } from '../db'

/** Where a session was at login and at its last use; null when Cloudflare did not say. */
export interface SessionPlace {
  country: string
  city: string | null
}

/** One entry of `GET /auth/sessions`: never a token, only what a person needs to recognise a device. */
export interface SessionView {
  id: string
  createdAt: string
  lastUsedAt: string
  device: string
  location: { login: SessionPlace | null; lastUse: SessionPlace | null }
  current: boolean
}

/**
 * A live family as the session list shows it (docs/sessions.md). A family never rotated was last
 * used at its login, from its login's place. Times are ISO 8601 UTC. Pure.
 */
export function sessionView(family: LiveFamily, currentId: string | undefined): SessionView {
  const login = place(family.loginCountry, family.loginCity)
  const used = family.lastUsedAt !== null
  return {
    id: family.id,
    createdAt: iso(family.createdAt),
    lastUsedAt: iso(family.lastUsedAt ?? family.createdAt),
    device: family.device ?? 'Unknown device',
    location: { login, lastUse: used ? place(family.lastCountry, family.lastCity) : login },
    current: family.id === currentId,
  }
}

/** A session id as the list shows it: a family id, 32 lowercase hex characters. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/

function place(country: string | null, city: string | null): SessionPlace | null {
  return country === null ? null : { country, city }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}
