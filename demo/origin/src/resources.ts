import { categories, cmsPages, countries, products, storeConfig } from './data'

const API = '/api/rest/v2'

type Lookup = (params: string[]) => unknown

// [pattern relative to /api/rest/v2, what it answers]; first match wins.
const RESOURCES: Array<[RegExp, Lookup]> = [
  [/^\/store-config$/, () => storeConfig],
  [/^\/products$/, () => products],
  [/^\/products\/([^/]+)$/, ([id]) => products.find((p) => String(p.id) === id) ?? null],
  [/^\/categories$/, () => categories],
  [/^\/categories\/([^/]+)$/, ([id]) => categories.find((c) => String(c.id) === id) ?? null],
  [/^\/cms-pages$/, () => cmsPages],
  [/^\/cms-pages\/([^/]+)$/, ([id]) => cmsPages.find((p) => String(p.id) === id || p.identifier === id) ?? null],
  [/^\/countries$/, () => countries],
  [/^\/countries\/([^/]+)$/, ([id]) => countries.find((c) => c.id === id?.toUpperCase()) ?? null],
]

/** Sample data for a catalogue path, or undefined when the demo has none for it (customers: shop/customers.ts). */
export function sampleData(pathname: string): unknown {
  if (!pathname.startsWith(`${API}/`)) return undefined
  const relative = pathname.slice(API.length)
  for (const [pattern, lookup] of RESOURCES) {
    const match = pattern.exec(relative)
    if (match) return lookup(match.slice(1))
  }
  return undefined
}
