/**
 * Memoises `derive` per object, weakly: the Config of an env, the Drizzle client of a D1 binding,
 * the HMAC key of a Config. In Workers such objects live as long as the isolate, so the work is
 * done once per isolate, never per request. A `derive` that throws caches nothing.
 *
 * @example
 * export const readConfig = oncePer(parseConfig)
 */
export function oncePer<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>()
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V
    const value = derive(key)
    cache.set(key, value)
    return value
  }
}
