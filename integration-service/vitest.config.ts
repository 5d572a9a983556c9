import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite starts in seconds and real services take a moment on 2-core machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel workers; each gets its own database and Redis prefix.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
