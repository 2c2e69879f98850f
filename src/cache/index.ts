// The edge cache: anonymous catalogue reads answered from the Workers Cache API (docs/cache.md).
export { CACHE_STATUS_HEADER, throughEdgeCache } from './edge-cache'
export { parsePurge, PURGE_REFRESH_SECONDS, writePurge } from './purges'
