/**
 * The longest token lifetime allowed. A logout-everywhere stamp stays in KV this long, so every
 * token it refuses has expired before the stamp does; a longer TOKEN_TTL would let old tokens back.
 * A module of its own so that Node tools (scripts/sync) can read it without the gateway's config,
 * which bundles the route table as a Text module.
 */
export const MAX_TOKEN_TTL_SECONDS = 24 * 3600
