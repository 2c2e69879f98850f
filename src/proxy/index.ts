// The proxy: forwards an allowed request to the origin with clean headers and a timeout.
export { forwardToOrigin } from './forward'
export { originTarget } from './origin-target'
