import { categories, cmsPages, countries, customers, products, storeConfig } from './data'

const API = '/api/rest/v2'

type Lookup = (params: string[], headers: Headers) => unknown

// [pattern relative to /api/rest/v2, what it answers]; first match wins, so /customers/me precedes /customers/{id}.
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
  // The shop would read the customer from the JWT; the demo trusts the gateway's identity header.
  [/^\/customers\/me$/, (_, headers) => customerById(headers.get('x-gatehouse-customer-id'))],
  [/^\/customers\/([^/]+)$/, ([id]) => customerById(id)],
]

function customerById(id: string | null | undefined): unknown {
  return customers.find((c) => String(c.id) === id) ?? null
}

/** Sample data for a catalogue/customer path, or undefined when the demo has none for it. */
export function sampleData(pathname: string, headers: Headers): unknown {
  if (!pathname.startsWith(`${API}/`)) return undefined
  const relative = pathname.slice(API.length)
  for (const [pattern, lookup] of RESOURCES) {
    const match = pattern.exec(relative)
    if (match) return lookup(match.slice(1), headers)
  }
  return undefined
}
