/** The inventory subgraph: warehouses, stock and product availability. */
export { buildInventorySubgraph, typeDefs } from './server.ts';
export { openInventoryRuntime, migrationsFolder, type InventoryRuntime } from './runtime.ts';
export { seedStock, hasStock } from './seed.ts';
export { DEFAULT_WAREHOUSE } from './warehouse.ts';
export { UK1_LEAD_TIMES, EU27 } from './lead-times.ts';
export { sweepExpiredReservations } from './reservations.ts';
