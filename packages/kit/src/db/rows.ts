import type { SQLWrapper } from 'drizzle-orm';
import type { Database, ExecuteResult, SchemaModule, Transaction } from './types.ts';

/** Plain rows of a `db.execute(...)` result on either driver. */
export function resultRows<TRow>(result: ExecuteResult<TRow>): TRow[] {
  // Assume<TRow, Row> is TRow for every object row type; TypeScript cannot see that for a free TRow.
  return (Array.isArray(result) ? result : result.rows) as TRow[];
}

/**
 * Runs a raw SQL statement through drizzle (so it is counted) and returns its rows on either driver.
 * Note: scalar types of raw rows differ per driver (e.g. int8/count(*) is a string on postgres.js):
 * cast in SQL (`count(*)::int`) when the JS type matters.
 */
export async function executeRows<
  TRow extends Record<string, unknown> = Record<string, unknown>,
  TSchema extends SchemaModule = SchemaModule,
>(
  db: Database<TSchema> | Transaction<TSchema>,
  query: SQLWrapper | string,
): Promise<TRow[]> {
  return resultRows(await db.execute<TRow>(query));
}
