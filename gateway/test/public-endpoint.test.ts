import type { FastifyInstance } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationSafelist, sha256Hex } from '../src/safelist.ts';
import { fakeSubgraph, fakeUserSubgraph, gatewayWith, partnerKey, post, postPublic } from './fake-subgraphs.ts';

const KEY = partnerKey(1);
const CATALOG_ONLY = partnerKey(2);
const REVOKED = partnerKey(3);
const EXPIRED = partnerKey(4);
const STRICT = partnerKey(5);
const TINY = partnerKey(6);

const REGISTERED = 'query Count {\n  products(first: 1) {\n    totalCount\n  }\n}\n';

let product: Awaited<ReturnType<typeof fakeSubgraph>>;
let user: Awaited<ReturnType<typeof fakeUserSubgraph>>;
let gateway: FastifyInstance;

beforeAll(async () => {
  product = await fakeSubgraph(() => ({ data: { products: { totalCount: 7 } } }));
  user = await fakeUserSubgraph({
    [KEY]: {},
    [CATALOG_ONLY]: { scopes: ['CATALOG_READ'] },
    [REVOKED]: { status: 'REVOKED' },
    [EXPIRED]: { status: 'EXPIRED' },
    [STRICT]: { registeredOperationsOnly: true },
    [TINY]: {},
  });
  gateway = await gatewayWith(
    { product: product.url, user: user.url },
    {
      partnerOperations: new OperationSafelist([{ name: 'Count.graphql', query: REGISTERED }]),
      partnerLimits: { requestsPerMinute: 1000, costBudgetPerMinute: 1000, maxCost: 300 },
    },
  );
});
afterAll(async () => {
  await gateway?.close();
  await product?.app.close();
  await user?.app.close();
});

async function send(payload: unknown, key?: string) {
  const before = product.calls();
  const res = await postPublic(gateway, payload, key);
  return { ...res, subgraphCalls: product.calls() - before };
}

describe('the public contract at /public/graphql', () => {
  it('serves public fields', async () => {
    const res = await send({ query: '{ products(first: 1) { totalCount } }' }, KEY);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ products: { totalCount: 7 } });
    expect(res.subgraphCalls).toBe(1);
  });

  it('does not know non-public fields (validation error, no suggestions, no subgraph call)', async () => {
    for (const query of ['{ products(first: 1) { edges { node { isWishlisted } } } }', '{ me { id } }', '{ products(first: 1) { edges { node { price { current { amount } } deals(first: 1) { clicks } } } } }']) {
      const res = await send({ query }, KEY);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
      expect(res.subgraphCalls).toBe(0);
    }
    // The same field exists on the full API.
    const full = await post(gateway, { query: '{ me { id } }' });
    expect(full.body.errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('has no mutations and no introspection', async () => {
    const mutation = await send({ query: 'mutation { createCart { id } }' }, KEY);
    expect(mutation.status).toBe(400);
    const intro = await send({ query: getIntrospectionQuery() }, KEY);
    expect(intro.status).toBe(400);
    expect(intro.body.errors?.[0]?.message).toMatch(/introspection/i);
  });
});

describe('API keys', () => {
  it('are required: missing, unknown, revoked and expired keys get 401 UNAUTHENTICATED', async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /x-api-key/],
      [partnerKey(99), /not valid/],
      ['not-a-key', /not valid/],
      [REVOKED, /revoked/],
      [EXPIRED, /expired/],
    ];
    for (const [key, message] of cases) {
      const res = await send({ query: '{ products(first: 1) { totalCount } }' }, key);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(res.body.errors?.[0]?.message).toMatch(message);
      expect(res.subgraphCalls).toBe(0);
    }
  });

  it('are also accepted as Authorization: ApiKey <key>', async () => {
    const res = await post(gateway, { query: '{ products(first: 1) { totalCount } }' }, { url: '/public/graphql', headers: { authorization: `ApiKey ${KEY}` } });
    expect(res.status).toBe(200);
  });

  it('are looked up once and then served from the cache', async () => {
    const before = user.calls();
    for (let i = 0; i < 5; i++) await send({ query: '{ products(first: 1) { totalCount } }' }, KEY);
    expect(user.calls()).toBe(before);
  });

  it('need the scope of every subgraph they read from', async () => {
    const res = await send({ query: '{ products(first: 1) { edges { node { price { current { amount } } } } } }' }, CATALOG_ONLY);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', scope: 'PRICES_READ' } });
    expect(res.subgraphCalls).toBe(0);
    expect((await send({ query: '{ products(first: 1) { totalCount } }' }, CATALOG_ONLY)).status).toBe(200);
  });
});

describe('rate and cost limits', () => {
  it('send RateLimit headers and report the cost in extensions', async () => {
    const res = await send({ query: '{ products(first: 1) { totalCount } }' }, KEY);
    expect(res.headers['ratelimit-limit']).toBe('1000');
    expect(Number(res.headers['ratelimit-remaining'])).toBeLessThan(1000);
    expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(res.headers['ratelimit-policy']).toBe('1000;w=60');
    expect(res.body.extensions?.cost).toMatchObject({ requested: 1, maximum: 300, budget: { limit: 1000 } });
  });

  it('refuse an operation over the per-operation maximum with COST_LIMIT_EXCEEDED and no subgraph call', async () => {
    const res = await send({ query: '{ searchProducts(first: 100) { edges { node { deals(first: 50) { id } } } } }' }, KEY);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'COST_LIMIT_EXCEEDED', maxCost: 300 } });
    expect(res.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(300);
    expect(res.subgraphCalls).toBe(0);
  });

  it('refuse a partner over its per-minute cost budget with RATE_LIMITED and no subgraph call', async () => {
    // products 1 + edges (1 + 100 × node 1) = 102: nine fit in the budget of 1000, the tenth does not.
    const query = '{ products(first: 100) { edges { node { id } } } }';
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await send({ query }, TINY));
    expect(results.slice(0, 9).every((r) => r.status === 200)).toBe(true);
    expect(results[8]!.body.extensions?.cost).toMatchObject({ requested: 102, budget: { limit: 1000, remaining: 82 } });
    const over = results[9]!;
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'cost', cost: 102 } });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body.extensions?.cost).toMatchObject({ requested: 102, budget: { limit: 1000 } });
    expect(over.subgraphCalls).toBe(0);
  });

  it('apply a cost maximum to the full API too', async () => {
    const ok = await post(gateway, { query: '{ products(first: 100) { edges { node { id } } } }' });
    expect(ok.status).toBe(200);
    expect(ok.body.extensions?.cost).toBeUndefined(); // full-API responses stay as they were
    // categories (20) × children (10 each) nested 6 deep: 20 × 10^6 — far over the maximum, though only 8 levels deep.
    const deep = `{ categories { ${'children { '.repeat(6)}id${' }'.repeat(6)} } }`;
    const res = await post(gateway, { query: deep });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  });
});

describe('persisted operations', () => {
  const hash = sha256Hex(REGISTERED);

  it('run a registered operation by its hash', async () => {
    const res = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, KEY);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ products: { totalCount: 7 } });
  });

  it('refuse an unknown hash and a hash that does not match the query', async () => {
    const unknown = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ x }') } } }, KEY);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mismatch = await send({ query: '{ products(first: 2) { totalCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, KEY);
    expect(mismatch.status).toBe(400);
    expect(unknown.subgraphCalls + mismatch.subgraphCalls).toBe(0);
  });

  it('restrict a registered-operations-only key to the safelist', async () => {
    const other = await send({ query: '{ products(first: 2) { totalCount } }' }, STRICT);
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
    expect(other.subgraphCalls).toBe(0);
    expect((await send({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, STRICT)).status).toBe(200);
    // The registered text, reformatted, is still the registered operation.
    expect((await send({ query: 'query Count { products(first: 1) { totalCount } }' }, STRICT)).status).toBe(200);
  });

  it('work as automatic persisted queries on the full API (/graphql)', async () => {
    const query = '{ products(first: 3) { totalCount } }';
    const pq = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };
    const miss = await post(gateway, { extensions: pq });
    expect(miss.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(gateway, { query, extensions: pq })).body.data).toEqual({ products: { totalCount: 7 } });
    const before = product.calls();
    expect((await post(gateway, { extensions: pq })).body.data).toEqual({ products: { totalCount: 7 } });
    expect(product.calls()).toBe(before + 1);
  });
});

describe('request rate limits', () => {
  let strict: FastifyInstance;
  beforeAll(async () => {
    strict = await gatewayWith({ product: product.url, user: user.url }, { partnerLimits: { requestsPerMinute: 3, invalidKeyAttemptsPerMinute: 2 } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('refuse a key over its requests per minute with 429 RATE_LIMITED, Retry-After and no subgraph call', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, KEY)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const before = product.calls();
    const over = await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, KEY);
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(over.headers['ratelimit-remaining']).toBe('0');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(product.calls()).toBe(before);
    // Another key has its own allowance.
    expect((await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, CATALOG_ONLY)).status).toBe(200);
  });

  it('slow down an address guessing keys', async () => {
    expect((await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, partnerKey(97))).status).toBe(401);
    expect((await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, partnerKey(98))).status).toBe(401);
    const third = await postPublic(strict, { query: '{ products(first: 1) { totalCount } }' }, partnerKey(99));
    expect(third.status).toBe(429);
    expect(third.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
