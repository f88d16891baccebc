import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: a real browser (Debian's chromium through playwright-core)
// against the platform served on loopback. Screenshots go to test-results/e2e/.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
