// The benchmark's baseline: a Worker that forwards every request to the origin and does nothing
// else (no auth, no policy), so "gateway ÷ pass-through" isolates what gatehouse adds on top of
// the cheapest possible proxy. Until the project's proxy module lands this is a plain forward.

interface PassthroughEnv {
  ORIGIN: { fetch(request: Request): Promise<Response> }
}

export default {
  fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    return env.ORIGIN.fetch(request)
  },
}
