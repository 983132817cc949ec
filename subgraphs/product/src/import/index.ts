/** The catalog import (`pnpm catalog:import`): line parsing and the import run, for the CLI and cross-subgraph tests. */
export { parseCatalogRecord, productSlug } from './line.ts';
export { importCatalogFile, type ImportSummary } from './run.ts';
