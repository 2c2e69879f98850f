import { holdsPermission } from '../policy'
import { ok, refused, type Result } from '../core'

// RFC 6749 §3.3: scope = scope-token *( SP scope-token ). A permission of the shop is `all` or
// `resource/verb` with the shop's four verbs or `all`; resources are lower-case words with - or _.
const PERMISSION = /^(?:all|[a-z0-9][a-z0-9_-]{0,63}\/(?:read|create|write|delete|all))$/
// Far more than an account holds; a longer value is an attack on the parser, not a request.
const MAX_SCOPE_CHARS = 2048

/**
 * The `scope` parameter of a token request (RFC 6749 §3.3): undefined when absent; otherwise the
 * distinct permissions it names, in order. Refused when it is not a string, is empty, is longer
 * than 2,048 characters, separates tokens by anything but single spaces, repeats a permission, or
 * names one that is not `all` or `resource/verb`. Pure.
 *
 * @example
 * readScope('products/read categories/all') // { ok: true, value: ['products/read', 'categories/all'] }
 */
export function readScope(value: unknown): Result<string[] | undefined> {
  if (value === undefined) return ok(undefined)
  if (typeof value !== 'string') return refused('scope is not a string')
  if (value.length === 0 || value.length > MAX_SCOPE_CHARS) return refused(`scope of ${value.length} characters`)
  const asked = value.split(' ')
  if (!asked.every((permission) => PERMISSION.test(permission))) return refused('scope holds a token that is not a permission (or extra spaces)')
  if (new Set(asked).size !== asked.length) return refused('scope repeats a permission')
  return ok(asked)
}

/**
 * The permissions a scoped token gets: exactly those asked for, each of which the account must
 * hold itself, through the shop's rule (the permission, its `resource/all`, or `all`); `resource/all`
 * is held through itself or `all`, and `all` only through `all`. Refused with the first one the
 * account lacks. Pure.
 *
 * @example
 * narrowPermissions(['products/all'], ['products/read']) // { ok: true, value: ['products/read'] }
 */
export function narrowPermissions(held: readonly string[], asked: readonly string[]): Result<string[]> {
  const lacking = asked.find((permission) => !covers(held, permission))
  return lacking === undefined ? ok([...asked]) : refused(`the account lacks ${lacking}`)
}

/** The asked permissions the account still holds (a scoped token's refresh: a permission taken away is dropped). Pure. */
export function stillHeld(held: readonly string[], asked: readonly string[]): string[] {
  return asked.filter((permission) => covers(held, permission))
}

function covers(held: readonly string[], permission: string): boolean {
  return permission === 'all' ? held.includes('all') : holdsPermission(held, permission)
}
