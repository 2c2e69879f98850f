// Which hash the edge copy keeps when the shop's hash is read again. Pure.
import { isGatehouseHash } from './hash-kind'

export interface SecretCopy {
  /** The hash the copy should hold. */
  hash: string | null
  /** Tokens must be revoked: the copy held a different secret than the shop now does. */
  revoke: boolean
}

/**
 * - Same shop hash as when the copy was made: keep the copy, which may be gatehouse's PBKDF2
 *   upgrade of it (never downgraded).
 * - A different shop hash than recorded: the password changed in the shop: take it, revoke.
 * - Nothing recorded (the copy came from a seed, the fallback or a write-through): the copy equal
 *   to the shop's hash is kept; gatehouse's PBKDF2 was made from a password the shop accepted, so
 *   it is replaced by the shop's hash (the shop is the truth) without revoking; any other shop
 *   format that differs means a change: take it, revoke.
 *
 * @example
 * decideSecret('$2y$10$new…', { hash: '$pbkdf2-sha256$…', shopHash: '$2y$10$old…' }) // { hash: '$2y$10$new…', revoke: true }
 */
export function decideSecret(shopHash: string | null, copy: { hash: string | null; shopHash: string | null } | undefined): SecretCopy {
  if (!copy) return { hash: shopHash, revoke: false }
  if (copy.shopHash !== null) {
    return copy.shopHash === shopHash ? { hash: copy.hash, revoke: false } : { hash: shopHash, revoke: copy.hash !== null }
  }
  if (copy.hash === shopHash) return { hash: copy.hash, revoke: false }
  if (copy.hash === null || isGatehouseHash(copy.hash)) return { hash: shopHash, revoke: false }
  return { hash: shopHash, revoke: true }
}
