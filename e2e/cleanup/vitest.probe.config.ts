import { defineConfig } from 'vitest/config';

/** Runs only the leak probe (no-leftovers.test.ts starts it, as its own vitest run). */
export default defineConfig({
  test: {
    include: ['e2e/cleanup/leak-probe.fixture.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    setupFiles: ['e2e/support/exit-with-parent.ts'],
  },
});
