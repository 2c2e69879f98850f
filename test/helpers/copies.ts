// The gateway's D1 copy of customers, read directly for write-through tests.
import { env } from 'cloudflare:workers'

export interface CopyRow {
  id: number
  email: string
  password_hash: string
  first_name: string
  last_name: string
  confirmed_at: number | null
  shop_password_hash: string | null
}

const COLUMNS = 'id, email, password_hash, first_name, last_name, confirmed_at, shop_password_hash'

export function copyOf(id: number): Promise<CopyRow | null> {
  return env.DB.prepare(`select ${COLUMNS} from customers where id = ?`).bind(id).first<CopyRow>()
}

export async function copiesOf(email: string): Promise<CopyRow[]> {
  return (await env.DB.prepare(`select ${COLUMNS} from customers where lower(email) = lower(?)`).bind(email).all<CopyRow>()).results
}
