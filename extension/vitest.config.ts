import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        // Components and helpers: happy-dom, and WXT's fake `browser` (in-memory storage, badges, tabs).
        plugins: [WxtVitest()],
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'unit',
          include: ['components/**/*.test.{ts,tsx}', 'utils/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        // The built extension in Debian's Chromium against a real integration-service (see e2e/).
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 150_000,
        },
      },
    ],
  },
});
