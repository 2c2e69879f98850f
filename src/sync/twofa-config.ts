// Where the shop checks a customer's second factor: its config flag `customer/password/allow_2fa`
// as `Mage::getStoreConfigFlag` reads it, per store view: the store's row, else its website's,
// else the default scope's, else the shop's config.xml default (on). Pure.

export const ALLOW_2FA_PATH = 'customer/password/allow_2fa'

/** The config.xml default of both lines (Mage/Customer/etc/config.xml: `<allow_2fa>1</allow_2fa>`). */
const BUILT_IN_DEFAULT = '1'

/** One `core_config_data` row of the flag. */
export interface ConfigRow {
  scope: string
  scopeId: number
  value: string | null
}

/** One `core_store` row. */
export interface StoreRow {
  storeId: number
  websiteId: number
}

/**
 * The websites where the shop may ask a customer for the second factor. A customer account belongs
 * to a website but logs in through any of its store views, and the flag can differ per store
 * view: a website counts when the flag is on in any of its store views (or, without store views,
 * at the website itself). Conservative on purpose: a copy marked needlessly only sends its logins
 * to the shop; a copy not marked would answer without the code.
 *
 * @example
 * const allowed = twofaWebsites(rows, stores)
 * allowed(2) // true or false
 */
export function twofaWebsites(rows: readonly ConfigRow[], stores: readonly StoreRow[]): (websiteId: number) => boolean {
  const value = (scope: string, id: number) => rows.find((r) => r.scope === scope && r.scopeId === id)
  const fallback = value('default', 0)?.value ?? BUILT_IN_DEFAULT
  const atWebsite = (websiteId: number) => {
    const row = value('websites', websiteId)
    return row ? row.value : fallback
  }
  const atStore = (store: StoreRow) => {
    const row = value('stores', store.storeId)
    return row ? row.value : atWebsite(store.websiteId)
  }
  return (websiteId) => {
    const views = stores.filter((s) => s.websiteId === websiteId && s.storeId !== 0)
    return views.length === 0 ? isFlag(atWebsite(websiteId)) : views.some((view) => isFlag(atStore(view)))
  }
}

// Mage::getStoreConfigFlag: `!empty($flag) && $flag !== 'false'` after strtolower, so NULL, '',
// '0' and 'false' (any case) are off and every other value is on.
function isFlag(value: string | null): boolean {
  return value !== null && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}
