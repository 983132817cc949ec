import { sql } from 'drizzle-orm';
import { executeRows, type Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';

type Tx = Transaction<typeof schema>;

/** A foreign key as Postgres prints it, so it can be put back exactly. */
export interface ForeignKeyDef {
  name: string;
  definition: string;
}

/**
 * Drops the foreign keys of `table` (quoted, schema-qualified, e.g. '"order"."order_lines"') inside `tx` and returns
 * their definitions. Bulk loads check each inserted row against the referenced table one by one; re-adding the key
 * afterwards validates all rows in one join instead (PostgreSQL manual, "Populating a Database"). The ALTER also
 * locks the table until `tx` ends, which serialises concurrent seeds.
 */
export async function dropForeignKeys(tx: Tx, table: string): Promise<ForeignKeyDef[]> {
  const keys = await executeRows<{ name: string; definition: string }>(
    tx,
    sql`select conname as name, pg_get_constraintdef(oid) as definition
          from pg_constraint where conrelid = ${table}::regclass and contype = 'f' order by conname`,
  );
  for (const k of keys) await tx.execute(sql.raw(`alter table ${table} drop constraint "${k.name}"`));
  return keys;
}

/** Re-adds foreign keys dropped by {@link dropForeignKeys} (validating every row; fails the transaction if one breaks). */
export async function restoreForeignKeys(tx: Tx, table: string, keys: readonly ForeignKeyDef[]): Promise<void> {
  for (const k of keys) await tx.execute(sql.raw(`alter table ${table} add constraint "${k.name}" ${k.definition}`));
}
