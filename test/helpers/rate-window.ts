// Local rate-limit bindings (Miniflare's) count in fixed windows aligned to the wall-clock minute,
// as Cloudflare's do: a test that counts up to a limit fails if a window rolls over in the middle.
const PERIOD_MS = 60_000
const windowAt = (ms: number) => Math.floor(ms / PERIOD_MS)
const MAX_RUNS = 3

/**
 * Runs `attempt` and, if it failed while the limiters' window rolled over, runs it again (at most 3
 * runs), so a limit test never depends on where in the minute it starts. Each run must use fresh
 * keys (a new client IP or identity). A failure inside one window is a real failure and is thrown.
 * Date.now() moves with I/O inside workerd, so the reading after the last request is current.
 */
export async function inOneRateWindow(attempt: () => Promise<void>): Promise<void> {
  for (let run = 1; ; run++) {
    const started = windowAt(Date.now())
    try {
      await attempt()
      return
    } catch (err) {
      if (windowAt(Date.now()) === started || run === MAX_RUNS) throw err
    }
  }
}
