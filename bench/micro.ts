// In-isolate micro-benchmarks: `GET /<case>?n=N` runs one project function N times inside workerd
// and answers {n, elapsed_ms}. workerd's clocks advance only in whole milliseconds here (and not
// at all inside a request at the edge), so a single call reads as 0: the harness picks N large
// enough that the loop takes hundreds of milliseconds and divides, and cross-checks with the
// workerd process's CPU time. Cases whose modules have not landed answer 501.
// `GET /hash-password?password=…` hashes with the project's own PBKDF2 (for login accounts).
import { hashPassword } from '../src/auth/passwords'

type MicroCase = (n: number) => Promise<void>

const CASES: Record<string, MicroCase | undefined> = {}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/hash-password') {
      return Response.json({ hash: await hashPassword(url.searchParams.get('password') ?? '') })
    }
    const run = CASES[url.pathname.slice(1)]
    if (!run) return Response.json({ error: 'not_available' }, { status: 501 })
    const n = Number(url.searchParams.get('n') ?? '1')
    const started = performance.now()
    await run(n)
    return Response.json({ n, elapsed_ms: performance.now() - started })
  },
}
