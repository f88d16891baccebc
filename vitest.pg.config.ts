import { defineConfig } from 'vitest/config';

// `npm run test:pg`: the contract tests (*.contract.test.ts) on a PostgreSQL server
// as well as PGlite. TEST_DATABASE_URL names the server; each file gets a throwaway
// database there.
if (!process.env.TEST_DATABASE_URL) {
  throw new Error('test:pg needs TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
}

export default defineConfig({
  test: {
    include: ['src/**/*.contract.test.ts', 'test/contract/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
