// A private MariaDB server: a fresh datadir in a temp folder, loopback only. Started once per run
// by `npm run test:sync` (test/sync/mariadb.ts) and by `npm run sync -- --demo` (scripts/sync/demo.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'

// Debian puts the server in /usr/sbin, which a non-login PATH may lack.
const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd'
const ADMIN_USER = 'sync_admin'
const ADMIN_PASSWORD = 'sync-admin-test-password'

export interface MariadbServer {
  /** A user with every privilege, over TCP with a password. */
  adminUrl: string
  port: number
  stop(): Promise<void>
}

/** Starts a throwaway MariaDB on a free loopback port with its datadir in a temp folder. */
export async function startMariadb(): Promise<MariadbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mariadb-'))
  const datadir = join(dir, 'data')
  const socket = join(dir, 'mysqld.sock')
  const install = spawnSync(
    'mariadb-install-db',
    ['--no-defaults', '--user=root', `--datadir=${datadir}`, '--skip-test-db', '--auth-root-authentication-method=socket'],
    { encoding: 'utf8' },
  )
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (is mariadb-server installed?): ${install.stderr || install.error}`)
  const port = await freePort()
  const server = spawn(
    MARIADBD,
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${datadir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      `--log-error=${join(dir, 'error.log')}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
    ],
    { stdio: 'ignore' },
  )
  const stop = () => stopServer(server, dir)
  try {
    await waitForSocket(socket, server, dir)
    // root logs in over the socket only (unix_socket auth); tests use a password user over TCP.
    const root = await createConnection({ socketPath: socket, user: 'root' })
    await root.query(`CREATE USER '${ADMIN_USER}'@'127.0.0.1' IDENTIFIED BY '${ADMIN_PASSWORD}'`)
    await root.query(`GRANT ALL PRIVILEGES ON *.* TO '${ADMIN_USER}'@'127.0.0.1' WITH GRANT OPTION`)
    await root.end()
  } catch (err) {
    await stop()
    throw err
  }
  return { adminUrl: `mysql://${ADMIN_USER}:${ADMIN_PASSWORD}@127.0.0.1:${port}/mysql`, port, stop }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function waitForSocket(socket: string, server: ChildProcess, dir: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break
    try {
      const probe = await createConnection({ socketPath: socket, user: 'root' })
      await probe.end()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  let log = ''
  try {
    log = readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000)
  } catch {}
  throw new Error(`mariadbd did not start:\n${log}`)
}

async function stopServer(server: ChildProcess, dir: string): Promise<void> {
  // The datadir is thrown away: no clean InnoDB shutdown to wait for.
  if (server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r))
    server.kill('SIGKILL')
    await exited
  }
  rmSync(dir, { recursive: true, force: true })
}
