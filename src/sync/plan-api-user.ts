// What one api user of the shop means for its service account copy. Pure.
import type { ServiceAccount } from '../db'
import type { CopyPlan } from './plan'
import { decideSecret } from './secret-copy'
import type { ShopApiUser } from './shop'

/** The columns of `service_accounts` the sync owns (read off the schema). */
export type ServiceCopy = Pick<
  ServiceAccount,
  | 'id'
  | 'username'
  | 'apiKeyHash'
  | 'clientId'
  | 'clientSecretHash'
  | 'isActive'
  | 'allowedStoreIds'
  | 'permissions'
  | 'shopApiKeyHash'
  | 'shopClientSecretHash'
>

export type ServicePlan = CopyPlan<ServiceCopy>

export function planApiUser(shop: ShopApiUser, copy: ServiceCopy | undefined): ServicePlan {
  const skip = (reason: string): ServicePlan => ({ kind: 'skip', id: shop.id, reason, deactivate: copy?.isActive === true })
  const username = blankToNull(shop.username)
  const clientId = blankToNull(shop.clientId)
  const apiKey = blankToNull(shop.apiKeyHash)
  const clientSecret = blankToNull(shop.clientSecretHash)
  if ((username === null || apiKey === null) && (clientId === null || clientSecret === null)) {
    return skip('no usable credential (username + api_key or client_id + client_secret)')
  }
  const stores = parseStoreIds(shop.allowedStoreIds)
  if (stores === 'bad') return skip('bad allowed_store_ids')

  const key = decideSecret(apiKey, copy && { hash: copy.apiKeyHash, shopHash: copy.shopApiKeyHash })
  const secret = decideSecret(clientSecret, copy && { hash: copy.clientSecretHash, shopHash: copy.shopClientSecretHash })
  const row: ServiceCopy = {
    id: shop.id,
    username,
    apiKeyHash: key.hash,
    clientId,
    clientSecretHash: secret.hash,
    isActive: shop.isActive,
    allowedStoreIds: stores,
    permissions: permissionsOf(shop.resources),
    shopApiKeyHash: apiKey,
    shopClientSecretHash: clientSecret,
  }
  if (copy && sameService(copy, row)) return { kind: 'unchanged', id: shop.id }
  const deactivate = copy?.isActive === true && !row.isActive
  // A token carries its permissions and store limits: any change to them ends the old tokens too.
  const grantsChanged = copy !== undefined && (!sameList(copy.permissions, row.permissions) || !sameList(copy.allowedStoreIds, row.allowedStoreIds))
  return { kind: 'write', row, insert: !copy, revoke: key.revoke || secret.revoke || deactivate || grantsChanged, deactivate }
}

/** The allow rules as token permissions: sorted, each once; `all` stands alone. */
export function permissionsOf(resources: readonly string[]): string[] {
  if (resources.includes('all')) return ['all']
  return [...new Set(resources)].sort()
}

function parseStoreIds(text: string | null): number[] | null | 'bad' {
  if (text === null || text.trim() === '' || text.trim() === 'null') return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'bad'
  }
  if (!Array.isArray(value)) return 'bad'
  const ids = value.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v))
  if (!ids.every((v): v is number => Number.isSafeInteger(v) && (v as number) >= 0)) return 'bad'
  // An empty list means every store, as in the shop and src/auth/accounts.ts.
  return ids.length === 0 ? null : [...new Set(ids)].sort((a, b) => a - b)
}

function blankToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text
}

function sameList<T>(a: readonly T[] | null, b: readonly T[] | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function sameService(a: ServiceCopy, b: ServiceCopy): boolean {
  return (Object.keys(b) as (keyof ServiceCopy)[]).every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]))
}
