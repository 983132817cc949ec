/**
 * drizzle-kit config for the kit's storage-contract fixture (test/db/fixture). Regenerate with
 * `subgraphs/product/node_modules/.bin/drizzle-kit generate --config drizzle.fixture.config.ts` from packages/kit.
 * Plain object (no drizzle-kit import): drizzle-kit is a dev dependency of the subgraphs, not of the kit.
 */
export default {
  dialect: 'postgresql',
  schema: './test/db/fixture/schema.ts',
  out: './test/db/fixture/drizzle',
  schemaFilter: ['kit_fixture'],
  strict: true,
};
