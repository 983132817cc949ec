import type { FastifyInstance } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSubgraph, fakeUserSubgraph, gatewayWith, partnerKey, post } from './fake-subgraphs.ts';

const KEY = partnerKey(1);
let product: Awaited<ReturnType<typeof fakeSubgraph>>;
let user: Awaited<ReturnType<typeof fakeUserSubgraph>>;
let gateway: FastifyInstance;

beforeAll(async () => {
  product = await fakeSubgraph(() => ({ data: { products: { totalCount: 7 } } }));
  user = await fakeUserSubgraph({ [KEY]: {} });
  gateway = await gatewayWith({ product: product.url, user: user.url }, { partnerLimits: { requestsPerMinute: 10_000, costBudgetPerMinute: 1_000_000 } });
});
afterAll(async () => {
  await gateway?.close();
  await product?.app.close();
  await user?.app.close();
});

// Both endpoints enforce the same limits before execution; the partner endpoint needs its key.
describe.each([
  { url: '/graphql', headers: {} as Record<string, string> },
  { url: '/public/graphql', headers: { 'x-api-key': KEY } as Record<string, string> },
])('limits before execution on $url', ({ url, headers }) => {
  /** Sends an operation and returns the response plus how many subgraph calls it caused. */
  async function send(payload: unknown) {
    const before = product.calls();
    const res = await post(gateway, payload, { url, headers });
    return { ...res, subgraphCalls: product.calls() - before };
  }
  async function raw(payload: string) {
    const before = product.calls();
    const res = await gateway.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });
    return { status: res.statusCode, subgraphCalls: product.calls() - before };
  }

  it('lets an ordinary query through to the subgraph', async () => {
    const res = await send({ query: '{ products(first: 1) { totalCount } }' });
    expect(res.body.data).toEqual({ products: { totalCount: 7 } });
    expect(res.subgraphCalls).toBe(1);
  });

  it('rejects a depth-50 query with no subgraph call', async () => {
    const deep = `{ categories { ${'children { '.repeat(49)}id${' }'.repeat(49)} } }`;
    const res = await send({ query: deep });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(res.subgraphCalls).toBe(0);
  });

  it('rejects 100 aliases with no subgraph call', async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: totalCount`).join(' ');
    const res = await send({ query: `{ products(first: 1) { ${aliases} } }` });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/alias/i);
    expect(res.subgraphCalls).toBe(0);
  });

  it('rejects a 20,000-token document with no subgraph call', async () => {
    const res = await send({ query: `{ products(first: 1) { ${'totalCount '.repeat(20_000)} } }` });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/token/i);
    expect(res.subgraphCalls).toBe(0);
  });

  it('rejects too many root fields and too many directives', async () => {
    const roots = Array.from({ length: 25 }, (_, i) => `p${i}: products(first: 1) { totalCount }`).join(' ');
    const r1 = await send({ query: `{ ${roots} }` });
    expect(r1.status).toBe(400);
    expect(r1.subgraphCalls).toBe(0);
    const r2 = await send({ query: `{ products(first: 1) { totalCount ${'@include(if: true) '.repeat(60)} } }` });
    expect(r2.status).toBe(400);
    expect(r2.subgraphCalls).toBe(0);
  });

  it('refuses a batch of 100 operations (HTTP batching is off) with no subgraph call', async () => {
    const batch = Array.from({ length: 100 }, () => ({ query: '{ products(first: 1) { totalCount } }' }));
    const res = await raw(JSON.stringify(batch));
    expect(res.status).toBe(400);
    expect(res.subgraphCalls).toBe(0);
  });

  it('rejects request bodies over the size limit with no subgraph call', async () => {
    const res = await raw(JSON.stringify({ query: '{ products(first: 1) { totalCount } }', variables: { pad: 'x'.repeat(600_000) } }));
    expect(res.status).toBe(413);
    expect(res.subgraphCalls).toBe(0);
  });
});

describe('introspection', () => {
  it('serves the standard introspection query on /graphql (GraphiQL needs it)', async () => {
    const res = await post(gateway, { query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('is off on /public/graphql, and validation errors there suggest no field names', async () => {
    const intro = await post(gateway, { query: '{ __schema { types { name } } }' }, { url: '/public/graphql', headers: { 'x-api-key': KEY } });
    expect(intro.status).toBe(400);
    const typo = await post(gateway, { query: '{ products(first: 1) { totalCont } }' }, { url: '/public/graphql', headers: { 'x-api-key': KEY } });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body)).not.toMatch(/did you mean|totalCount/i);
    // The full API keeps its suggestions for our own developers.
    const full = await post(gateway, { query: '{ products(first: 1) { totalCont } }' });
    expect(JSON.stringify(full.body)).toMatch(/did you mean/i);
  });
});
