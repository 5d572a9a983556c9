import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end file starts the real service (PGlite, a few CLI runs) before its tests.
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
