import { hasRedisServer, startRedisServer, type TestRedisServer } from '@emporium/kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/safelist.ts';
import { fakeSubgraph, fakeUserSubgraph, gatewayWith, partnerKey, post, postPublic } from './fake-subgraphs.ts';

const KEY = partnerKey(1);
const QUERY = { query: '{ products(first: 1) { totalCount } }' };

// A Redis of this test's own (never the shared one), stopped half-way through.
describe.skipIf(!hasRedisServer())('the gateway on Redis', () => {
  let redis: TestRedisServer;
  let product: Awaited<ReturnType<typeof fakeSubgraph>>;
  let user: Awaited<ReturnType<typeof fakeUserSubgraph>>;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    redis = await startRedisServer();
    product = await fakeSubgraph(() => ({ data: { products: { totalCount: 7 } } }));
    user = await fakeUserSubgraph({ [KEY]: {} });
    const opts = { redisUrl: redis.url, partnerLimits: { requestsPerMinute: 4 } };
    a = await gatewayWith({ product: product.url, user: user.url }, opts);
    b = await gatewayWith({ product: product.url, user: user.url }, opts);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await product?.app.close();
    await user?.app.close();
    await redis?.stop();
  });

  it('shares rate limits, verified keys and persisted queries between replicas', async () => {
    const lookups = user.calls();
    expect((await postPublic(a, QUERY, KEY)).headers['ratelimit-remaining']).toBe('3');
    expect((await postPublic(a, QUERY, KEY)).headers['ratelimit-remaining']).toBe('2');
    // Replica b counts on from a's requests and reuses a's key verdict.
    expect((await postPublic(b, QUERY, KEY)).headers['ratelimit-remaining']).toBe('1');
    expect(user.calls() - lookups).toBe(1);
    // A query persisted through a is known to b.
    const pq = { persistedQuery: { version: 1, sha256Hash: sha256Hex(QUERY.query) } };
    expect((await post(a, { ...QUERY, extensions: pq })).body.data).toEqual({ products: { totalCount: 7 } });
    expect((await post(b, { extensions: pq })).body.data).toEqual({ products: { totalCount: 7 } });
  });

  it('keeps answering when Redis is gone (limits fall back to each process)', async () => {
    await redis.stop();
    const full = await post(a, QUERY);
    expect(full.status).toBe(200);
    expect(full.body.data).toEqual({ products: { totalCount: 7 } });
    // b's own in-process window starts empty; its key verdict is still in its local cache.
    const partner = await postPublic(b, QUERY, KEY);
    expect(partner.status).toBe(200);
    expect(partner.headers['ratelimit-limit']).toBe('4');
    // A query b has run by its hash before is still served from b's memory (fast-path.ts) ...
    const known = { persistedQuery: { version: 1, sha256Hash: sha256Hex(QUERY.query) } };
    expect((await post(b, { extensions: known })).body.data).toEqual({ products: { totalCount: 7 } });
    // ... any other persisted-query miss is answered as such, and the client's retry with the full text works.
    const other = { query: '{ products(first: 2) { totalCount } }' };
    const pq = { persistedQuery: { version: 1, sha256Hash: sha256Hex(other.query) } };
    expect((await post(b, { extensions: pq })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(b, { ...other, extensions: pq })).body.data).toEqual({ products: { totalCount: 7 } });
  });
});
