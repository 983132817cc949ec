import type { FastifyInstance } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSubgraph, gatewayWith, post } from './fake-subgraphs.ts';

let product: Awaited<ReturnType<typeof fakeSubgraph>>;
let gateway: FastifyInstance;

beforeAll(async () => {
  product = await fakeSubgraph(() => ({ data: { products: { totalCount: 7 } } }));
  gateway = await gatewayWith({ product: product.url });
});
afterAll(async () => {
  await gateway?.close();
  await product?.app.close();
});

/** Sends an operation and returns the response plus whether any subgraph was called. */
async function send(payload: unknown) {
  const before = product.calls();
  const res = await post(gateway, payload);
  return { ...res, subgraphCalls: product.calls() - before };
}

describe('limits before execution', () => {
  it('lets an ordinary query through to the subgraph', async () => {
    const res = await send({ query: '{ products(first: 1) { totalCount } }' });
    expect(res.body).toEqual({ data: { products: { totalCount: 7 } } });
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

  it('refuses a batch of 100 operations', async () => {
    const batch = Array.from({ length: 100 }, () => ({ query: '{ products(first: 1) { totalCount } }' }));
    const res = await gateway.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(batch) });
    expect(res.statusCode).toBe(400);
    expect(product.calls()).toBeGreaterThan(0);
    const before = product.calls();
    await gateway.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(batch) });
    expect(product.calls()).toBe(before);
  });

  it('still serves the standard introspection query (GraphiQL needs it)', async () => {
    const res = await send({ query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('rejects request bodies over the size limit', async () => {
    const res = await gateway.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(600_000) } }) });
    expect(res.statusCode).toBe(413);
  });
});
