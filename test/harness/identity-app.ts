import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseKind } from './databases.js';
import { TestClock, type IdentityFixture } from './identity.js';
import { testRuntime } from './runtime.js';

/**
 * Registers beforeEach/afterEach that give each test a fresh app on `kind` with a TestClock.
 * Jobs are off: the tests decide when things happen.
 */
export function useIdentityApp(kind: DatabaseKind, env: Readonly<Record<string, string>> = {}): () => IdentityFixture {
  let fixture: IdentityFixture | undefined;
  beforeEach(async () => {
    const runtime = await testRuntime(kind, { BOLWERK_JOBS: 'off', ...env });
    const clock = new TestClock();
    const app = await buildApp(runtime.runtime, { now: clock.now, webRoot: runtime.dataDir });
    fixture = { env: runtime, app, clock, origin: runtime.config.publicUrl };
  });
  afterEach(async () => {
    await fixture?.app.close();
    await fixture?.env.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useIdentityApp: used outside a test');
    return fixture;
  };
}
