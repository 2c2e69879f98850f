import { and, eq, gt, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm'
import { orm, query } from './client'
import { customers, refreshFamilies, refreshTokens, sessionAccessTokens, type Customer } from './schema'

/** An access token issued from a family: revoked with it until its exp. */
export interface FamilyAccessToken {
  jti: string
  expiresAt: number
}

/** Where a rotation left things, read in the same transaction that tried it. */
export interface RotationState {
  /** True when this call rotated the token (it was live and unused). */
  rotated: boolean
  /** The presented token's row; undefined when no such token exists. */
  token?: { familyId: string; expiresAt: number; rotatedAt: number | null }
  family?: { customerId: number; expiresAt: number; revokedAt: number | null }
  /** The successor's row, once any rotation of the token happened. */
  successor?: { rotatedAt: number | null }
  /** The family's customer as D1 holds it now. */
  customer?: Customer
}

/**
 * Starts a family with its first refresh token and records the access token issued beside it, in
 * one transaction. Prunes a few families past their absolute end on the way, so the tables hold
 * at most one absolute lifetime of logins.
 */
export async function startFamily(
  d1: D1Database,
  start: {
    familyId: string
    customerId: number
    tokenHash: string
    access: FamilyAccessToken
    now: number
    idleSeconds: number
    absoluteSeconds: number
    seen?: FamilySeen
  },
): Promise<void> {
  const db = orm(d1)
  const { familyId, now } = start
  const familyEnd = now + start.absoluteSeconds
  const stale = db.select({ id: refreshFamilies.id }).from(refreshFamilies).where(lt(refreshFamilies.expiresAt, now)).limit(PRUNE_BATCH)
  await query(() =>
    db.batch([
      db.delete(refreshTokens).where(inArray(refreshTokens.familyId, stale)),
      db.delete(refreshFamilies).where(inArray(refreshFamilies.id, stale)),
      db.delete(sessionAccessTokens).where(lt(sessionAccessTokens.expiresAt, now)),
      db.insert(refreshFamilies).values({ id: familyId, customerId: start.customerId, createdAt: now, expiresAt: familyEnd, ...loginSeen(start.seen) }),
      db.insert(refreshTokens).values({ tokenHash: start.tokenHash, familyId, issuedAt: now, expiresAt: Math.min(now + start.idleSeconds, familyEnd) }),
      db.insert(sessionAccessTokens).values({ familyId, jti: start.access.jti, expiresAt: start.access.expiresAt }),
    ]),
  )
}

/** The device label and place of a login (docs/sessions.md, "Sessions a customer can see"). */
export interface FamilySeen {
  device: string
  country: string | null
  city: string | null
}

function loginSeen(seen: FamilySeen | undefined) {
  return seen ? { device: seen.device, loginCountry: seen.country, loginCity: seen.city } : {}
}

// Families pruned per login: enough to keep pace with logins, small enough to keep a login cheap.
const PRUNE_BATCH = 50

/**
 * Tries to rotate a refresh token, and reads back where things stand, in one D1 batch (one
 * transaction; D1 has no interactive ones). The successor is inserted only from a parent that is
 * live, unused and in a live family, and the parent is marked used under the same conditions, so
 * of any number of concurrent rotations exactly one sees `rotated: true`; the others read the state
 * it left (the caller tells a retry inside the grace window from a reuse). The access token issued
 * with the successor is recorded once the successor exists, whoever inserted it.
 */
export async function rotateRefreshToken(
  d1: D1Database,
  rotation: { tokenHash: string; successorHash: string; access: FamilyAccessToken; now: number; idleSeconds: number },
): Promise<RotationState> {
  const db = orm(d1)
  const { tokenHash, successorHash, now } = rotation
  const liveParent = and(
    eq(refreshTokens.tokenHash, tokenHash),
    isNull(refreshTokens.rotatedAt),
    gt(refreshTokens.expiresAt, now),
    inArray(
      refreshTokens.familyId,
      db
        .select({ id: refreshFamilies.id })
        .from(refreshFamilies)
        .where(and(isNull(refreshFamilies.revokedAt), gt(refreshFamilies.expiresAt, now))),
    ),
  )
  const familyOf = db.select({ id: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash))
  const [, marked, , tokens, family, customer, successor] = await query(() =>
    db.batch([
      db
        .insert(refreshTokens)
        .select(
          db
            .select({
              tokenHash: sql<string>`${successorHash}`.as('token_hash'),
              familyId: refreshTokens.familyId,
              issuedAt: sql<number>`${now}`.as('issued_at'),
              expiresAt: sql<number>`min(${now + rotation.idleSeconds}, ${refreshFamilies.expiresAt})`.as('expires_at'),
              rotatedAt: sql<number | null>`null`.as('rotated_at'),
            })
            .from(refreshTokens)
            .innerJoin(refreshFamilies, eq(refreshFamilies.id, refreshTokens.familyId))
            .where(liveParent),
        )
        .onConflictDoNothing(),
      db.update(refreshTokens).set({ rotatedAt: now }).where(liveParent).returning({ familyId: refreshTokens.familyId }),
      db
        .insert(sessionAccessTokens)
        .select(
          db
            .select({
              jti: sql<string>`${rotation.access.jti}`.as('jti'),
              familyId: refreshTokens.familyId,
              expiresAt: sql<number>`${rotation.access.expiresAt}`.as('expires_at'),
            })
            .from(refreshTokens)
            .where(eq(refreshTokens.tokenHash, successorHash)),
        )
        .onConflictDoNothing(),
      // Single-table reads: D1 batch results are objects keyed by column name, so a join would
      // let same-named columns (id, expires_at) overwrite each other.
      db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)),
      db.select().from(refreshFamilies).where(eq(refreshFamilies.id, familyOf)),
      db
        .select()
        .from(customers)
        .where(eq(customers.id, db.select({ id: refreshFamilies.customerId }).from(refreshFamilies).where(eq(refreshFamilies.id, familyOf)))),
      db.select({ rotatedAt: refreshTokens.rotatedAt }).from(refreshTokens).where(eq(refreshTokens.tokenHash, successorHash)),
    ]),
  )
  return { rotated: marked.length === 1, token: tokens[0], family: family[0], customer: customer[0], successor: successor[0] }
}

/** The family of a refresh token, live or not (logout by refresh cookie). */
export async function familyOfRefreshToken(d1: D1Database, tokenHash: string): Promise<{ id: string; customerId: number } | undefined> {
  const db = orm(d1)
  return query(() =>
    db
      .select({ id: refreshFamilies.id, customerId: refreshFamilies.customerId })
      .from(refreshTokens)
      .innerJoin(refreshFamilies, eq(refreshFamilies.id, refreshTokens.familyId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .get(),
  )
}

/** The family an access token was issued from, if any (logout by Bearer, refresh at /auth/refresh). */
export async function familyOfAccessToken(d1: D1Database, jti: string): Promise<string | undefined> {
  const row = await query(() =>
    orm(d1).select({ familyId: sessionAccessTokens.familyId }).from(sessionAccessTokens).where(eq(sessionAccessTokens.jti, jti)).get(),
  )
  return row?.familyId
}

/**
 * Ends one family, once: true for the call that ended it. Returns the family's access tokens that
 * are still unexpired, for the caller to revoke in KV.
 */
export async function endFamily(d1: D1Database, familyId: string, reason: string, now: number): Promise<{ ended: boolean; accessTokens: FamilyAccessToken[] }> {
  const db = orm(d1)
  const [ended, accessTokens] = await query(() =>
    db.batch([
      db
        .update(refreshFamilies)
        .set({ revokedAt: now, revokedReason: reason })
        .where(and(eq(refreshFamilies.id, familyId), isNull(refreshFamilies.revokedAt)))
        .returning({ id: refreshFamilies.id }),
      db
        .select({ jti: sessionAccessTokens.jti, expiresAt: sessionAccessTokens.expiresAt })
        .from(sessionAccessTokens)
        .where(and(eq(sessionAccessTokens.familyId, familyId), gt(sessionAccessTokens.expiresAt, now))),
    ]),
  )
  return { ended: ended.length === 1, accessTokens }
}

/**
 * Ends every live family of a customer (logout everywhere, password change or reset,
 * deactivation), except the family `keepAccessJti` was issued from when given (the session that
 * changed the password). Their access tokens are the caller's to refuse (a subject stamp in KV,
 * and each family's end stamp). Returns the ids of the families ended.
 */
export async function endCustomerFamilies(d1: D1Database, customerId: number, reason: string, now: number, keepAccessJti?: string): Promise<string[]> {
  const db = orm(d1)
  const kept = db
    .select({ id: sessionAccessTokens.familyId })
    .from(sessionAccessTokens)
    .where(eq(sessionAccessTokens.jti, keepAccessJti ?? ''))
  const ended = await query(() =>
    db
      .update(refreshFamilies)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(eq(refreshFamilies.customerId, customerId), isNull(refreshFamilies.revokedAt), notInArray(refreshFamilies.id, kept)))
      .returning({ id: refreshFamilies.id }),
  )
  return ended.map((row) => row.id)
}
