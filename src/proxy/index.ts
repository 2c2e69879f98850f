// The proxy: forwards an allowed request to the origin with clean headers and a timeout.
export { forwardToOrigin, type ForwardOptions } from './forward'
export { originRequestHeaders, type RequestFacts } from './request-headers'
export { withoutHopByHop } from './hop-by-hop'
export { identityHeaders } from './identity-headers'
export { normalizeHeaderName } from './header-names'
