// The benchmark's baseline: a Worker that forwards every request to the origin with the
// gateway's own proxy code (header hygiene, X-Forwarded-*, timeout, streamed body) and nothing
// else — no auth, no policy — so "gateway ÷ pass-through" isolates what auth and policy add.
import { readConfig } from '../src/config/config'
import type { Env } from '../src/core/env'
import { forwardToOrigin } from '../src/proxy/forward'

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const canonicalPath = new URL(request.url).pathname
    return forwardToOrigin({ request, canonicalPath, principal: undefined, env, config: readConfig(env) })
  },
}
