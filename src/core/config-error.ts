/**
 * Thrown when the environment cannot make a valid Config; the message says what to fix.
 * Its own module so that config readers the Config is built from (the route table, the cache
 * settings) can raise it without importing config.ts back.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
