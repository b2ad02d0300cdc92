import { defineConfig } from 'vitest/config';

// Suites by suffix: *.test.ts unit (no I/O beyond temp files), *.int.test.ts integration against a
// real database (PGlite, or PostgreSQL when DATABASE_URL is set), test/e2e Chromium end-to-end,
// test/sim the sync fault simulation.
const unitExclude = ['**/*.int.test.ts', 'test/e2e/**', 'test/sim/**', 'node_modules/**', 'dist/**'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['**/*.test.ts', '**/*.test.tsx'], exclude: unitExclude, environment: 'node' } },
      {
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', 'dist/**', 'test/e2e/**', 'test/sim/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'sim', include: ['test/sim/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 120_000, pool: 'forks', poolOptions: { forks: { singleFork: true } } } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, pool: 'forks', poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
