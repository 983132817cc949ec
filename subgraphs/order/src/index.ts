/** The order subgraph: carts, checkout (saga, payments sandbox), orders and the order history. */
export { buildOrderSubgraph, typeDefs, type OrderSubgraphOptions } from './server.ts';
export { openOrderRuntime, migrationsFolder, type OrderRuntime } from './runtime.ts';
export { seedOrders, hasOrders, isOrderSeeded, seedCatalogCopy } from './seed.ts';
export { SANDBOX_CARDS } from './checkout/payments.ts';
export { SimulatedCrash, type FaultPoint } from './checkout/saga.ts';
