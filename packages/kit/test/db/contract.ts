import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_TABLE, migrationsSchemaName } from '../../src/db/names.ts';
import { executeRows } from '../../src/db/rows.ts';
import { FIXTURE_JOURNAL, FIXTURE_NAME } from './fixture/index.ts';
import { widgetTags, widgets } from './fixture/schema.ts';
import { describeLockingContract } from './contract-locking.ts';
import type { OpenTarget, ScratchTarget } from './targets.ts';

/** PGlite's WASM boot is slow on a cold cache; hooks that open databases get this long. */
export const OPEN_TIMEOUT = 60_000;

/**
 * The storage contract: the same assertions on every driver. `open` must give a fresh, unmigrated database;
 * one is opened (and migrated) for the whole suite, the concurrency tests open more where possible.
 */
export function describeStorageContract(name: string, open: OpenTarget): void {
  describe(`storage contract: ${name}`, () => {
    let target: ScratchTarget;
    const h = () => target.handle;
    const migrationsSchema = migrationsSchemaName(FIXTURE_NAME);

    let firstMigrations: PromiseSettledResult<void>[];

    beforeAll(async () => {
      target = await open();
      // A fresh database migrated by overlapping calls on one handle; asserted by the first test.
      firstMigrations = await Promise.allSettled([h().migrate(), h().migrate(), h().migrate()]);
    }, OPEN_TIMEOUT);
    afterAll(async () => {
      await target?.dispose();
    });
    beforeEach(async () => {
      await h().db.delete(widgets);
      h().stats.reset();
    });

    it('migrates a fresh database with overlapping calls, and again idempotently', async () => {
      expect(firstMigrations.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      await h().migrate();
      await h().migrate();
      const applied = await executeRows<{ created_at: string | number }>(
        h().db,
        sql`select created_at from ${sql.identifier(migrationsSchema)}.${sql.identifier(MIGRATIONS_TABLE)} order by id`,
      );
      expect(applied.map((r) => Number(r.created_at))).toEqual(FIXTURE_JOURNAL.map((e) => e.when));
    });

    it('puts tables in the subgraph schema and migrations in <name>_migrations', async () => {
      const tables = await executeRows<{ schema: string; table: string }>(
        h().db,
        sql`select table_schema as schema, table_name as table from information_schema.tables
            where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
      );
      expect(tables).toEqual([
        { schema: FIXTURE_NAME, table: 'widget_tags' },
        { schema: FIXTURE_NAME, table: 'widgets' },
        { schema: migrationsSchema, table: MIGRATIONS_TABLE },
      ]);
      const drizzleDefault = await executeRows(h().db, sql`select 1 from pg_namespace where nspname = 'drizzle'`);
      expect(drizzleDefault).toEqual([]);
    });

    it('inserts, selects and updates inside a transaction', async () => {
      const id = await h().db.transaction(async (tx) => {
        const [row] = await tx.insert(widgets).values({ sku: 'W-1', name: 'Widget', stock: 3 }).returning();
        if (!row) throw new Error('insert returned nothing');
        await tx.insert(widgetTags).values([{ widgetId: row.id, tag: 'blue' }, { widgetId: row.id, tag: 'small' }]);
        await tx.update(widgets).set({ stock: sql`${widgets.stock} + 2` }).where(eq(widgets.id, row.id));
        return row.id;
      });
      const [stored] = await h().db.select().from(widgets).where(eq(widgets.id, id));
      expect(stored).toMatchObject({ sku: 'W-1', name: 'Widget', stock: 5 });
      expect(stored?.createdAt).toBeInstanceOf(Date);
      const tags = await h().db.select({ tag: widgetTags.tag }).from(widgetTags).orderBy(asc(widgetTags.tag));
      expect(tags).toEqual([{ tag: 'blue' }, { tag: 'small' }]);
      const relational = await h().db.query.widgets.findFirst({ where: eq(widgets.sku, 'W-1') });
      expect(relational?.stock).toBe(5);
    });

    it('rolls a transaction back when its callback throws', async () => {
      await h().db.insert(widgets).values({ sku: 'KEEP', name: 'Kept', stock: 1 });
      const failure = h().db.transaction(async (tx) => {
        await tx.insert(widgets).values({ sku: 'GONE', name: 'Rolled back' });
        await tx.update(widgets).set({ stock: 99 }).where(eq(widgets.sku, 'KEEP'));
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      const rows = await h().db.select({ sku: widgets.sku, stock: widgets.stock }).from(widgets);
      expect(rows).toEqual([{ sku: 'KEEP', stock: 1 }]);
    });

    it('counts every statement, inside transactions too, and resets', async () => {
      const { db, stats } = h();
      expect(stats.statements).toBe(0);
      await db.insert(widgets).values({ sku: 'C-1', name: 'Counted' });
      await db.select().from(widgets);
      await db.execute(sql`select 1`);
      await db.query.widgets.findMany();
      expect(stats.statements).toBe(4);
      await db.transaction(async (tx) => {
        await tx.update(widgets).set({ stock: 7 });
        await tx.select().from(widgets);
      });
      expect(stats.statements).toBe(6);
      stats.reset();
      expect(stats.statements).toBe(0);
      await db.select().from(widgets).where(eq(widgets.sku, 'C-1'));
      expect(stats.statements).toBe(1);
    });

    it('does not count ping, migrate or the raw client', async () => {
      const { stats, raw } = h();
      expect(await h().ping()).toBe(true);
      await h().migrate();
      if (raw.kind === 'pglite') await raw.client.query('select 1');
      else await raw.client`select 1`;
      expect(stats.statements).toBe(0);
    });

    it('runs pg_trgm similarity() after CREATE EXTENSION IF NOT EXISTS pg_trgm', async () => {
      await h().db.execute(sql`create extension if not exists pg_trgm`);
      await h().db.insert(widgets).values([
        { sku: 'T-1', name: 'walnut shelf' },
        { sku: 'T-2', name: 'steel bracket' },
      ]);
      const score = sql<number>`similarity(${widgets.name}, ${'walnot shelf'})`.mapWith(Number);
      const ranked = await h()
        .db.select({ sku: widgets.sku, score })
        .from(widgets)
        .where(sql`${widgets.name} % ${'walnot shelf'}`)
        .orderBy(sql`${score} desc`);
      expect(ranked.map((r) => r.sku)).toEqual(['T-1']);
      expect(ranked[0]?.score).toBeGreaterThan(0.3);
      expect(ranked[0]?.score).toBeLessThan(1);
    });

    it('has unaccent available', async () => {
      await h().db.execute(sql`create extension if not exists unaccent`);
      const rows = await executeRows<{ plain: string }>(h().db, sql`select unaccent('Crème Brûlée') as plain`);
      expect(rows).toEqual([{ plain: 'Creme Brulee' }]);
    });

    describeLockingContract(() => target, open);

    // Last: closes the shared handle (afterAll's dispose tolerates that, close() is idempotent).
    it('pings until closed', async () => {
      expect(await h().ping()).toBe(true);
      await h().close();
      expect(await h().ping()).toBe(false);
      await h().close();
    });
  });
}
