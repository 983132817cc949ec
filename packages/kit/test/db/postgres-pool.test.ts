import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import type { DatabaseHandle } from '../../src/db/types.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../src/testing/db.ts';
import { fixtureOptions, type FixtureSchema } from './fixture/index.ts';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('postgres pool', () => {
  let scratch: ScratchDatabase;
  let handle: DatabaseHandle<FixtureSchema>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(url ?? '');
    handle = await openDatabase({ ...fixtureOptions, url: scratch.url, poolMax: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  it('never opens more than poolMax connections, all named emporium-<subgraph>', async () => {
    if (handle.raw.kind !== 'postgres') throw new Error('expected postgres');
    const observer = handle.raw.client;
    const sleepers = Array.from({ length: 6 }, () => handle.db.execute(sql`select pg_sleep(0.4)`));
    // Idle connections stay open (idle_timeout), so afterwards pg_stat_activity shows all the pool ever opened.
    await Promise.all(sleepers);
    const rows = await observer<{ app: string; n: number }[]>`
      select application_name as app, count(*)::int as n from pg_stat_activity
      where datname = current_database() group by 1`;
    expect(rows).toEqual([{ app: 'emporium-kit_fixture', n: 2 }]);
    expect(handle.stats.statements).toBe(6);
  });

  it('rejects a pool size that is not a positive integer', async () => {
    await expect(openDatabase({ ...fixtureOptions, url: scratch.url, poolMax: 0 })).rejects.toThrow(/poolMax/);
  });
});
