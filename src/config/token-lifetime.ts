/**
 * The longest token lifetime allowed. A logout-everywhere stamp stays in KV this long, so every
 * token it refuses has expired before the stamp does; a longer TOKEN_TTL would let old tokens back.
 * The sync (src/sync) stamps revoked subjects for this long too.
 */
export const MAX_TOKEN_TTL_SECONDS = 24 * 3600
