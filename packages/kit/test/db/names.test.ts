import { describe, expect, it } from 'vitest';
import { databaseApplicationName, migrationLockKey, migrationsSchemaName } from '../../src/db/names.ts';
import { openDatabase } from '../../src/db/open.ts';
import { fixtureOptions } from './fixture/index.ts';

const SUBGRAPHS = ['product', 'inventory', 'pricing', 'deal', 'user', 'recommendation', 'order'];

describe('database names', () => {
  it('derives the migrations schema and application name from the subgraph name', () => {
    expect(migrationsSchemaName('product')).toBe('product_migrations');
    expect(migrationsSchemaName('kit_fixture')).toBe('kit_fixture_migrations');
    expect(databaseApplicationName('order')).toBe('emporium-order');
  });

  it('rejects names that are not safe identifiers', () => {
    for (const bad of ['', 'Product', '1st', 'a-b', 'x"; drop schema y', 'a'.repeat(41)]) {
      expect(() => migrationsSchemaName(bad)).toThrow(/invalid subgraph name/);
    }
  });

  it('rejects a bad name before opening anything', async () => {
    await expect(openDatabase({ ...fixtureOptions, name: 'Bad-Name' })).rejects.toThrow(/invalid subgraph name/);
  });

  it('gives each subgraph a stable, distinct signed 64-bit lock key', () => {
    const keys = SUBGRAPHS.map(migrationLockKey);
    expect(new Set(keys).size).toBe(SUBGRAPHS.length);
    for (const key of keys) {
      expect(key).toBeGreaterThanOrEqual(-(2n ** 63n));
      expect(key).toBeLessThan(2n ** 63n);
    }
    expect(SUBGRAPHS.map(migrationLockKey)).toEqual(keys);
    // Pinned: replicas of different versions must agree on the key.
    expect(migrationLockKey('product')).toBe(1306525852669242059n);
  });
});
