import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '../../src/db/rows.ts';
import type { DatabaseHandle } from '../../src/db/types.ts';
import { openTestDatabase } from '../../src/testing/db.ts';
import { OPEN_TIMEOUT } from './contract.ts';
import { fixtureOptions, type FixtureSchema } from './fixture/index.ts';
import { widgets } from './fixture/schema.ts';

const url = process.env.DATABASE_URL;

describe('openTestDatabase', () => {
  let handle: DatabaseHandle<FixtureSchema>;
  let database: string;

  beforeAll(async () => {
    handle = await openTestDatabase(fixtureOptions);
    const [row] = await executeRows<{ db: string }>(handle.db, sql`select current_database() as db`);
    database = row?.db ?? '';
  }, OPEN_TIMEOUT);
  afterAll(async () => {
    await handle?.close();
  });

  it('uses PostgreSQL when DATABASE_URL is set, in-memory PGlite otherwise', () => {
    expect(handle.kind).toBe(url ? 'postgres' : 'pglite');
    expect(handle.raw.kind).toBe(handle.kind);
    if (url) expect(database).toMatch(/^emporium_t_[0-9a-f]{12}$/);
  });

  it('returns a migrated database', async () => {
    const rows = await handle.db.insert(widgets).values({ sku: 'T-1', name: 'ready' }).returning({ id: widgets.id });
    expect(rows).toHaveLength(1);
  });

  it.skipIf(!url)('drops the database on close, after which nothing is left behind', async () => {
    const own = await openTestDatabase(fixtureOptions);
    const [row] = await executeRows<{ db: string }>(own.db, sql`select current_database() as db`);
    const name = row?.db;
    const admin = postgres(url ?? '', { max: 1, onnotice: () => {} });
    try {
      const exists = async () => (await admin`select 1 from pg_database where datname = ${name ?? ''}`).length;
      expect(await exists()).toBe(1);
      await own.close();
      expect(await exists()).toBe(0);
      await own.close();
    } finally {
      await admin.end({ timeout: 5 });
    }
  }, OPEN_TIMEOUT);
});
