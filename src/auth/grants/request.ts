import { z } from 'zod'
import { fail } from '../../errors'

/** A token request after validation: one of the shop's three grants with its fields. */
export type TokenRequest =
  | { grant: 'customer'; email: string; password: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string }
  | { grant: 'api_user'; username: string; apiKey: string }

// As at the shop: `grant_type` absent means `customer`; anything else unknown is refused.
const grantType = z.enum(['customer', 'client_credentials', 'api_user']).default('customer')
const required = z.string().min(1)

const customerFields = z.object({ email: z.string().trim().min(1), password: required })
// RFC 5321 §4.5.3.1.3 caps a path at 256 octets, so an address is at most 254 characters.
const emailAddress = z.email().max(254)
const clientFields = z.object({ client_id: required, client_secret: required })
const apiUserFields = z.object({ username: required, api_key: required })

/**
 * Validates a token request body (already known to be a JSON object) into a TokenRequest, or
 * throws the shop's error: `unsupported_grant_type`, then missing fields, then bad email syntax.
 * Passwords are not length-checked here: an over-long one fails verification like a wrong one.
 */
export function parseTokenRequest(body: Record<string, unknown>): TokenRequest {
  const grant = grantType.safeParse(body.grant_type)
  if (!grant.success) fail('unsupported_grant_type', `grant_type ${JSON.stringify(body.grant_type)}`)

  switch (grant.data) {
    case 'customer': {
      // The shop accepts `username` as an alias of `email` for customers.
      const fields = customerFields.safeParse({ email: body.email ?? body.username, password: body.password })
      if (!fields.success) fail('customer_fields_missing')
      if (!emailAddress.safeParse(fields.data.email).success) fail('invalid_email')
      return { grant: 'customer', email: fields.data.email, password: fields.data.password }
    }
    case 'client_credentials': {
      const fields = clientFields.safeParse(body)
      if (!fields.success) fail('client_fields_missing')
      return { grant: 'client_credentials', clientId: fields.data.client_id, clientSecret: fields.data.client_secret }
    }
    case 'api_user': {
      const fields = apiUserFields.safeParse(body)
      if (!fields.success) fail('api_user_fields_missing')
      return { grant: 'api_user', username: fields.data.username, apiKey: fields.data.api_key }
    }
  }
}

/** The key the per-identity rate limit counts against (shop: per email, client id or username). */
export function identityOf(request: TokenRequest): string {
  switch (request.grant) {
    case 'customer':
      return `email:${request.email.toLowerCase()}`
    case 'client_credentials':
      return `client_id:${request.clientId.toLowerCase()}`
    case 'api_user':
      return `username:${request.username.toLowerCase()}`
  }
}
