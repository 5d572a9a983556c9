import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real PostgreSQL and PGlite: a PGlite cold start alone takes ~5 s on these machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
