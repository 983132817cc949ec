import { defineConfig } from 'vitest/config';

/** One vitest run over every workspace package; each package may add its own vitest.config.ts. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'subgraphs/*', 'gateway', 'platform', 'e2e'],
  },
});
