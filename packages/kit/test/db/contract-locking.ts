import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_TABLE, migrationLockKey, migrationsSchemaName } from '../../src/db/names.ts';
import { executeRows } from '../../src/db/rows.ts';
import { FIXTURE_JOURNAL, FIXTURE_NAME } from './fixture/index.ts';
import type { OpenTarget, ScratchTarget } from './targets.ts';

const TIMEOUT = 60_000;

async function appliedCount(target: ScratchTarget): Promise<number> {
  const schema = migrationsSchemaName(FIXTURE_NAME);
  const [row] = await executeRows<{ n: number }>(
    target.handle.db,
    `select count(*)::int as n from "${schema}"."${MIGRATIONS_TABLE}"`,
  );
  return row?.n ?? -1;
}

/** Advisory-lock behaviour of migrate(); skipped where a database takes a single connection (PGlite). */
export function describeLockingContract(current: () => ScratchTarget, open: OpenTarget): void {
  describe('migrations under an advisory lock', () => {
    it('survives concurrent migrate() from 3 handles on one fresh database', async (ctx) => {
      if (!current().openSibling) ctx.skip('single-connection driver');
      const fresh = await open();
      const siblings = [await fresh.openSibling!(), await fresh.openSibling!()];
      try {
        await Promise.all([fresh.handle, ...siblings].map((h) => h.migrate()));
        expect(await appliedCount(fresh)).toBe(FIXTURE_JOURNAL.length);
      } finally {
        await Promise.all(siblings.map((h) => h.close()));
        await fresh.dispose();
      }
    }, TIMEOUT);

    it('waits for a lock held by another connection before migrating', async (ctx) => {
      if (!current().openSibling) ctx.skip('single-connection driver');
      const fresh = await open();
      const holder = await fresh.openSibling!();
      const { raw } = holder;
      if (raw.kind !== 'postgres') throw new Error('expected postgres');
      const conn: postgres.ReservedSql = await raw.client.reserve();
      const key = migrationLockKey(FIXTURE_NAME).toString();
      try {
        await conn`select pg_advisory_lock(${key}::bigint)`;
        let done = false;
        const migrating = fresh.handle.migrate().then(() => {
          done = true;
        });
        await new Promise((r) => setTimeout(r, 500));
        expect(done).toBe(false);
        const [schema] = await conn`select 1 from pg_namespace where nspname = ${migrationsSchemaName(FIXTURE_NAME)}`;
        expect(schema).toBeUndefined();
        await conn`select pg_advisory_unlock(${key}::bigint)`;
        await migrating;
        expect(await appliedCount(fresh)).toBe(FIXTURE_JOURNAL.length);
      } finally {
        conn.release();
        await holder.close();
        await fresh.dispose();
      }
    }, TIMEOUT);
  });
}
