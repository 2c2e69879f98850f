// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235 §2.1).
// We accept exactly one space and one b64token, nothing before or after.
const BEARER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i

export type BearerReading = { token: string } | { problem: string }

/** Extracts the token from an Authorization header value. Pure. */
export function readBearer(authorization: string): BearerReading {
  const match = BEARER.exec(authorization)
  if (!match?.[1]) return { problem: 'Authorization is not `Bearer <b64token>`' }
  return { token: match[1] }
}
