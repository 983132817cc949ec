/** The order subgraph: carts and the order history. */
export { buildOrderSubgraph, typeDefs } from './server.ts';
export { openOrderRuntime, migrationsFolder, type OrderRuntime } from './runtime.ts';
export { seedOrders, hasOrders } from './seed.ts';
