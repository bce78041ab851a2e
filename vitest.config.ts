import { defineConfig } from 'vitest/config';

// Two projects, run one after the other: `unit` holds the unit and storage tests beside the code (storage tests run on
// SQLite and on a throwaway PostgreSQL cluster that the global setup starts); `e2e` starts the
// real server from the build and drives Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/integration/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          globalSetup: ['test/harness/postgres.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // After the unit project, not beside it: the browser tests wait on a real server and a
          // real Chromium, and on two cores the storage tests would starve them into timeouts.
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
