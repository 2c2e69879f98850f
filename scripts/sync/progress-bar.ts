// A one-line progress bar on stderr, only when stderr is a terminal (cron and pipes get none).
import { type Progress, QUIET } from '../../src/sync'

const WIDTH = 30

export function progressBar(stream: NodeJS.WriteStream, label: string, total: number): Progress {
  if (!stream.isTTY || total === 0) return QUIET
  const started = performance.now()
  let last = 0
  const draw = (done: number) => {
    const share = Math.min(1, done / total)
    const filled = Math.round(share * WIDTH)
    const rate = done / Math.max(0.001, (performance.now() - started) / 1000)
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} ${Math.round(rate)}/s `)
  }
  return {
    advance(done) {
      // At most ten redraws a second: a terminal is slower than D1 here.
      if (performance.now() - last < 100 && done < total) return
      last = performance.now()
      draw(done)
    },
    finish() {
      stream.write('\n')
    },
  }
}
