// workerd's CPU time, which is what Workers bills: Miniflare runs workerd as a child process of
// this one, and /proc/<pid>/stat holds its user + system time in clock ticks (all threads).
import { readFileSync, readdirSync } from 'node:fs'
import { execSync } from 'node:child_process'

let ticksPerSecond
function clockTicks() {
  if (!ticksPerSecond) {
    try {
      ticksPerSecond = Number(execSync('getconf CLK_TCK').toString().trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may hold spaces; fields after it are space-separated (man 5 proc).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) }
}

/** The pid of the workerd process started by this Node process, or undefined (no /proc, e.g. macOS). */
export function findWorkerdPid(parent = process.pid) {
  let entries
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return undefined
  }
  const children = new Map()
  for (const pid of entries) {
    try {
      const s = stat(pid)
      if (!children.has(s.ppid)) children.set(s.ppid, [])
      children.get(s.ppid).push({ pid: Number(pid), comm: s.comm })
    } catch {
      // the process exited while we looked
    }
  }
  // workerd may sit below a shell or wrapper: walk the descendants.
  const queue = [parent]
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      if (child.comm.startsWith('workerd')) return child.pid
      queue.push(child.pid)
    }
  }
  return undefined
}

/** CPU seconds (user + system) the process has used so far, or undefined when unreadable. */
export function cpuSeconds(pid) {
  if (pid === undefined) return undefined
  try {
    const s = stat(pid)
    return (s.utime + s.stime) / clockTicks()
  } catch {
    return undefined
  }
}
