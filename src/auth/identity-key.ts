/**
 * The key under which failed logins of a name that matches no account are counted: SHA-256 hex of
 * the grant and the name as the lookup compares it (customer emails case-insensitively, service
 * usernames and client ids exactly), so the lockout table never stores the name itself.
 */
export async function identityKey(grant: 'customer' | 'client_credentials' | 'api_user', name: string): Promise<string> {
  const normalised = grant === 'customer' ? name.toLowerCase() : name
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${grant}:${normalised}`))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
