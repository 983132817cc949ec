import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Every workspace package that has tests; each becomes a vitest project named after its folder. */
const dirs = ['packages', 'subgraphs']
  .flatMap((group) => readdirSync(group).map((d) => `${group}/${d}`))
  .concat(['gateway', 'platform', 'e2e', 'web'])
  .filter((dir) => existsSync(`${dir}/package.json`));

export default defineConfig({
  test: {
    // PGlite boots a WASM Postgres per test file; on a 2-core machine running files in parallel that takes seconds.
    hookTimeout: 120_000,
    testTimeout: 60_000,
    projects: dirs.map((dir) => ({
      extends: true,
      test: {
        name: dir,
        root: dir,
        include: ['**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/.next/**'],
        // The end-to-end suites seed and start the whole platform per file: minutes on a loaded 2-core machine.
        ...(dir === 'e2e' ? { hookTimeout: 600_000 } : {}),
      },
    })),
  },
});
