/** The kit's database layer: one Postgres schema per subgraph, drizzle on postgres.js or embedded PGlite. */
export { openDatabase } from './open.ts';
export { migrationsSchemaName, migrationLockKey, databaseApplicationName, MIGRATIONS_TABLE } from './names.ts';
export { executeRows, resultRows } from './rows.ts';
export { copyField, copyLine, textArrayLiteral } from './copy.ts';
export { DEFAULT_POOL_MAX } from './postgres.ts';
export { PGLITE_EXTENSIONS } from './pglite.ts';
export type {
  Database,
  DatabaseHandle,
  DatabaseKind,
  DatabaseOptions,
  EmporiumQueryResultHKT,
  ExecuteResult,
  RawClient,
  SchemaModule,
  StatementStats,
  Transaction,
} from './types.ts';
