import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/index.ts';

/** Creates a cache in `namespace`; `cleanup` removes whatever the run left behind. */
export interface CacheFactory {
  create(namespace: string): Promise<Cache>;
  cleanup?(namespace: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The behaviour every {@link Cache} implementation must have. */
export function cacheSuite(name: string, factory: CacheFactory): void {
  describe(`Cache contract: ${name}`, () => {
    const runNs = `emporium-test:cache:${randomUUID()}`;
    const opened: { cache: Cache; ns: string }[] = [];
    const open = async (suffix = 'a') => {
      const ns = `${runNs}:${suffix}`;
      const cache = await factory.create(ns);
      opened.push({ cache, ns });
      return cache;
    };

    afterEach(async () => {
      for (const { cache, ns } of opened.splice(0)) {
        await factory.cleanup?.(ns);
        await cache.close();
      }
    });

    it('misses on an unknown key', async () => {
      const cache = await open();
      expect(await cache.get('nope')).toBeUndefined();
    });

    it('round-trips JSON values and hands out copies', async () => {
      const cache = await open();
      const value = { sku: 'A-1', tags: ['x', 'y'], price: { amount: 1999, currency: 'EUR' }, brand: null };
      await cache.set('p:1', value, 60);
      const read = await cache.get<typeof value>('p:1');
      expect(read).toEqual(value);
      read!.tags.push('mutated');
      expect(await cache.get('p:1')).toEqual(value);
      for (const scalar of [0, 42, 'text', false, null]) {
        await cache.set('scalar', scalar, 60);
        expect(await cache.get('scalar')).toEqual(scalar);
      }
    });

    it('expires entries after their TTL', async () => {
      const cache = await open();
      await cache.set('short', 'v', 0.1);
      await cache.set('long', 'v', 60);
      expect(await cache.get('short')).toBe('v');
      await sleep(250);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.get('long')).toBe('v');
    });

    it('treats a non-positive TTL or an undefined value as a delete', async () => {
      const cache = await open();
      await cache.set('k', 1, 60);
      await cache.set('k', 2, 0);
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 3, 60);
      await cache.set('k', undefined, 60);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('getMany keeps the order of the keys and reports misses', async () => {
      const cache = await open();
      expect(await cache.getMany([])).toEqual([]);
      await cache.set('a', 1, 60);
      await cache.set('c', { n: 3 }, 60);
      expect(await cache.getMany(['c', 'b', 'a', 'a'])).toEqual([{ n: 3 }, undefined, 1, 1]);
    });

    it('setMany stores every entry with its own TTL', async () => {
      const cache = await open();
      await cache.setMany([]);
      await cache.setMany<unknown>([
        { key: 'x', value: 'X', ttlSeconds: 60 },
        { key: 'y', value: ['Y'], ttlSeconds: 0.1 },
        { key: 'z', value: 'Z', ttlSeconds: 0 },
      ]);
      expect(await cache.getMany(['x', 'y', 'z'])).toEqual(['X', ['Y'], undefined]);
      await sleep(250);
      expect(await cache.getMany(['x', 'y'])).toEqual(['X', undefined]);
    });

    it('deletes several keys at once', async () => {
      const cache = await open();
      await cache.setMany(['a', 'b', 'c'].map((key) => ({ key, value: key, ttlSeconds: 60 })));
      await cache.delete();
      await cache.delete('a', 'c', 'missing');
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 'b', undefined]);
    });

    it('isolates namespaces', async () => {
      const one = await open('one');
      const two = await open('two');
      await one.set('shared', 'from-one', 60);
      expect(await two.get('shared')).toBeUndefined();
      await two.set('shared', 'from-two', 60);
      expect(await one.get('shared')).toBe('from-one');
    });
  });
}
