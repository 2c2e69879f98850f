// The edge cache: anonymous catalogue reads answered from the Workers Cache API (docs/cache.md).
export { throughEdgeCache, CACHE_STATUS_HEADER, type AskShop, type CacheRequest, type CacheStatus } from './edge-cache'
export { parseCacheConfig, type CacheConfig } from './cache-config'
export { PURGE_PATH, purgeRoute } from './purge-route'
