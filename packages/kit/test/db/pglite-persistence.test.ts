import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { OPEN_TIMEOUT } from './contract.ts';
import { fixtureOptions } from './fixture/index.ts';
import { widgets } from './fixture/schema.ts';

describe('PGlite data directory', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'emporium-kit-db-'));
    dataDir = join(root, '.data', 'kit_fixture');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('persists rows across close and reopen', async () => {
    const first = await openDatabase({ ...fixtureOptions, dataDir });
    expect(first.kind).toBe('pglite');
    try {
      await first.migrate();
      await first.db.insert(widgets).values({ sku: 'P-1', name: 'Persistent', stock: 4 });
    } finally {
      await first.close();
    }

    const second = await openDatabase({ ...fixtureOptions, dataDir });
    try {
      await second.migrate();
      const rows = await second.db.select({ stock: widgets.stock }).from(widgets).where(eq(widgets.sku, 'P-1'));
      expect(rows).toEqual([{ stock: 4 }]);
    } finally {
      await second.close();
    }
  }, OPEN_TIMEOUT * 2);

  it('refuses a second instance on a directory that is open, and allows it after close', async () => {
    const first = await openDatabase({ ...fixtureOptions, dataDir });
    try {
      await expect(openDatabase({ ...fixtureOptions, dataDir: `${dataDir}/` })).rejects.toThrow(/already open/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ ...fixtureOptions, dataDir });
    expect(await again.ping()).toBe(true);
    await again.close();
  }, OPEN_TIMEOUT * 2);
});
