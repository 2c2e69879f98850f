// A private MariaDB server for `npm run test:sync`: a fresh datadir in a temp folder, loopback
// only, started once for the run (vitest globalSetup) and stopped after it.
import type { TestProject } from 'vitest/node'
import { startMariadb } from '../../scripts/sync/mariadb-server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** mysql://root-capable URL of the test server (creates databases and users). */
    mariadbAdminUrl: string
    mariadbPort: number
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMariadb()
  project.provide('mariadbAdminUrl', server.adminUrl)
  project.provide('mariadbPort', server.port)
  return server.stop
}

export { startMariadb, type MariadbServer } from '../../scripts/sync/mariadb-server'
