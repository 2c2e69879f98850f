let warned = false

/**
 * argon2 needs memory-hard hashing that Workers cannot run (no native argon2, and a WASM build
 * would blow the CPU/memory budget), so these accounts fail like a wrong password. Logged once per
 * isolate so operators learn why; the hash itself is never logged.
 */
export function refuseArgon2(variant: string): false {
  if (!warned) {
    warned = true
    console.warn(JSON.stringify({
      event: 'password_hash_unsupported',
      format: variant,
      message: 'argon2 hashes cannot be verified in Workers; these logins fail until the shop rehashes them to bcrypt',
    }))
  }
  return false
}
