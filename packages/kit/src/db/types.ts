import type { PGlite, Results, Row as PgliteRow } from '@electric-sql/pglite';
import type { Assume, ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';

/** Which driver backs a handle: embedded PGlite (WASM) or a PostgreSQL server through postgres.js. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A subgraph's drizzle schema module (its tables, and optionally relations). */
export type SchemaModule = Record<string, unknown>;

/** How a subgraph opens its database (see {@link openDatabase}). */
export interface DatabaseOptions<TSchema extends SchemaModule> {
  /** Subgraph name, e.g. 'product': lower-case letters, digits and `_`, starting with a letter. */
  name: string;
  /** PostgreSQL URL; when absent an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (e.g. `.data/product`); absent or 'memory://' means in-memory. Ignored with `url`. */
  dataDir?: string;
  /** The subgraph's drizzle schema module (tables), for typed and relational queries. */
  schema: TSchema;
  /** Absolute path to the subgraph's drizzle-kit output folder (`subgraphs/<name>/drizzle`). */
  migrationsFolder: string;
  /** Pool size on PostgreSQL (default 5; the server allows 100 connections for all subgraphs). */
  poolMax?: number;
}

/** Statement counter of a handle: statements sent through `handle.db` (incl. inside transactions). */
export interface StatementStats {
  /** Number of statements issued since open or the last reset (BEGIN/COMMIT framing is not counted). */
  readonly statements: number;
  /** Sets `statements` back to 0. */
  reset(): void;
}

/** The raw driver client, for bulk work such as COPY. Statements sent through it are not counted. */
export type RawClient = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; client: postgres.Sql };

/**
 * What `db.execute(sql...)` resolves to: PGlite gives `{ rows }`, postgres.js gives the row array itself.
 * Use {@link executeRows} to get plain rows on either driver.
 */
export type ExecuteResult<TRow> =
  | Results<Assume<TRow, PgliteRow>>
  | postgres.RowList<Assume<TRow, postgres.Row>[]>;

/** Query-result kind shared by both drivers (the union of PGlite's and postgres.js's raw results). */
export interface EmporiumQueryResultHKT extends PgQueryResultHKT {
  type: ExecuteResult<this['row']>;
}

/** A drizzle PgDatabase that both the PGlite and the postgres.js driver satisfy. */
export type Database<TSchema extends SchemaModule = SchemaModule> = PgDatabase<
  EmporiumQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/** The `tx` passed to `db.transaction(async (tx) => ...)` callbacks. */
export type Transaction<TSchema extends SchemaModule = SchemaModule> = PgTransaction<
  EmporiumQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/** An open database of one subgraph. */
export interface DatabaseHandle<TSchema extends SchemaModule> {
  /** The subgraph name. */
  readonly name: string;
  readonly kind: DatabaseKind;
  /** Typed drizzle database; every statement through it is counted in `stats`. */
  readonly db: Database<TSchema>;
  readonly stats: StatementStats;
  /**
   * The same database without statement counting, for background work (outbox relay, sweepers, consumers), so that
   * `stats` measures what requests cost.
   */
  readonly background: Database<TSchema>;
  /** The underlying driver client (not counted). */
  readonly raw: RawClient;
  /** Applies pending migrations; idempotent, and serialized by an advisory lock on PostgreSQL. */
  migrate(): Promise<void>;
  /** Runs `select 1` on the raw client (not counted); false when the database is unreachable or closed. */
  ping(): Promise<boolean>;
  /** Closes the pool / PGlite instance; idempotent. */
  close(): Promise<void>;
}
