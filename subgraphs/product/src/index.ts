/** The product subgraph: catalog, categories and brands. */
export { buildProductSubgraph, typeDefs } from './server.ts';
export { openProductRuntime, migrationsFolder, type ProductRuntime } from './runtime.ts';
export { seedProducts, hasProducts } from './seed.ts';
