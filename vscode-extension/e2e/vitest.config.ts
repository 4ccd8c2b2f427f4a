import { defineConfig } from 'vitest/config';

// End-to-end cases in a real VS Code (code-server driven by headless Chromium).
// Slow and stateful: one case file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ['e2e/cases/**/*.e2e.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
