import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the shared test cluster's maintenance database; tests create their own databases in it. */
    pgAdminUrl: string;
  }
}

/** One PostgreSQL cluster for the whole unit run; each test file makes its own databases in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  project.provide('pgAdminUrl', cluster.url());
  return () => cluster.destroy();
}
