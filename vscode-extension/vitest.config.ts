import { defineConfig } from 'vitest/config';

// Unit tests of the modules that do not import `vscode`; the e2e suite has its own config.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
