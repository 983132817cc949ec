import { describe, expect, it } from 'vitest';
import { createCache, createMemoryCache } from '../../src/cache/index.ts';
import { cacheSuite } from './cache-suite.ts';

cacheSuite('memory', { create: async (namespace) => createMemoryCache({ namespace }) });

describe('createMemoryCache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.get('a'); // a is now more recent than b
    await cache.set('c', 3, 60);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
  });

  it('createCache without a Redis URL is in-process', async () => {
    const cache = await createCache({ namespace: 'n' });
    await cache.set('k', { v: 1 }, 60);
    expect(await cache.get('k')).toEqual({ v: 1 });
    await cache.close();
    expect(await cache.get('k')).toBeUndefined();
  });
});
