/**
 * The fast path (src/fast-path.ts): operations Apollo Server has validated once are answered without its pipeline.
 * Two gateways on the same fake subgraphs — ours, and one on @apollo/gateway's executor (no fast path) — must answer
 * every repeated request with the same status, headers and bytes; the fast path must have answered the clean ones
 * itself, and a request it executed must never reach the subgraphs twice when Apollo Server writes the answer.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastPathStats } from '../src/server.ts';
import { fakeSubgraph, gatewayWith } from './fake-subgraphs.ts';

type Answer = (representations: { id: string }[] | null) => unknown;
const current: { product: Answer; pricing: Answer } = { product: () => null, pricing: () => null };
const calls = { product: 0, pricing: 0 };

let subgraphs: { app: FastifyInstance }[] = [];
let ours: FastifyInstance;
let apollo: FastifyInstance;

const page = (ids: string[]) => () => ({ data: { products: { totalCount: ids.length, edges: ids.map((id) => ({ node: { __typename: 'Product', id, title: `Product ${id}` } })) } } });
const prices = (f: (id: string) => unknown, errors?: (reps: { id: string }[]) => unknown[]) => (reps: { id: string }[] | null) => ({
  data: { _entities: (reps ?? []).map((r) => f(r.id)) },
  ...(errors ? { errors: errors(reps ?? []) } : {}),
});

beforeAll(async () => {
  const make = (key: keyof typeof current) =>
    fakeSubgraph((req) => {
      calls[key]++;
      const body = req.body as { variables?: { representations?: { id: string }[] } };
      return current[key](body.variables?.representations ?? null);
    });
  const [product, pricing] = await Promise.all([make('product'), make('pricing')]);
  subgraphs = [product, pricing];
  const urls = { product: product.url, pricing: pricing.url };
  ours = await gatewayWith(urls, { publicSupergraphSdl: false, maxCost: 200 });
  apollo = await gatewayWith(urls, { publicSupergraphSdl: false, maxCost: 200, executor: 'apollo' });
});
afterAll(async () => {
  await Promise.all([ours.close(), apollo.close(), ...subgraphs.map((s) => s.app.close())]);
});
beforeEach(() => {
  current.product = page(['a', 'b']);
  current.pricing = prices((id) => ({ price: { current: { amount: id === 'a' ? 100 : 250, currency: 'GBP' } } }));
});

const QUERY = `query Page($first: Int!) { products(first: $first) { totalCount edges { node { id title price { current { amount currency } } } } } }`;
/** Headers that must agree (the rest — date, request ids, connection — differ between any two responses). */
const COMPARED = ['content-type', 'cache-control', 'retry-after', 'allow'];

interface Sent {
  body?: unknown;
  headers?: Record<string, string>;
}

async function ask(gw: FastifyInstance, sent: Sent) {
  const res = await gw.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', cookie: 'emporium_session=fast-path-session-0001', ...sent.headers },
    payload: JSON.stringify(sent.body),
  });
  const headers = Object.fromEntries(COMPARED.map((h) => [h, res.headers[h]]).filter(([, v]) => v !== undefined));
  return { status: res.statusCode, headers, body: res.body };
}

/** Sends the request to our gateway `times` times and once to the reference; every answer of ours must equal it. */
async function same(sent: Sent, times = 2) {
  const reference = await ask(apollo, sent);
  const answers = [];
  for (let i = 0; i < times; i++) answers.push(await ask(ours, sent));
  for (const a of answers) expect(a).toEqual(reference);
  return reference;
}

const served = () => fastPathStats(ours)!;

describe('the fast path', () => {
  it('answers a repeated operation itself, with the bytes and headers Apollo Server sends', async () => {
    const before = served();
    const productCalls = calls.product;
    const r = await same({ body: { query: QUERY, variables: { first: 2 } } }, 3);
    // Nothing is cached: every answer (the reference's and our three) asked the subgraph again.
    expect(calls.product - productCalls).toBe(4);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({ data: { products: { totalCount: 2, edges: [{ node: { id: 'a', title: 'Product a', price: { current: { amount: 100, currency: 'GBP' } } } }, { node: { id: 'b', title: 'Product b', price: { current: { amount: 250, currency: 'GBP' } } } }] } } });
    // The first request registered the text (or an earlier test did): at least the later two were answered here.
    expect(served().served - before.served).toBeGreaterThanOrEqual(2);
  });

  it('keeps operation names apart: the same text with another operationName is resolved by Apollo Server first', async () => {
    const text = `query A { products(first: 1) { totalCount } } query B { products(first: 2) { edges { node { id } } } }`;
    const a = await same({ body: { query: text, operationName: 'A' } });
    const b = await same({ body: { query: text, operationName: 'B' } });
    expect(JSON.parse(a.body).data.products.totalCount).toBe(2);
    expect(JSON.parse(b.body).data.products.edges).toHaveLength(2);
    // No or an unknown operation name for a document with two: a client error (it was a 500), every time.
    const noName = await same({ body: { query: text } });
    expect(noName.status).toBe(400);
    expect(JSON.parse(noName.body).errors[0]).toMatchObject({ message: 'Must provide operation name if query contains multiple operations.', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
    const unknown = await same({ body: { query: text, operationName: 'C' } });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).errors[0].message).toBe('Unknown operation named "C".');
  });

  it('hands errors to Apollo Server without calling any subgraph twice', async () => {
    current.pricing = prices(
      (id) => (id === 'b' ? { price: null } : { price: { current: { amount: 1, currency: 'GBP' } } }),
      (reps) => reps.flatMap((r, i) => (r.id === 'b' ? [{ message: `no price for ${r.id}`, path: ['_entities', i, 'price'], extensions: { code: 'NOT_FOUND' } }] : [])),
    );
    const sent = { body: { query: QUERY, variables: { first: 2 } } };
    await ask(ours, sent); // registered
    const before = { ...calls, ...served() };
    const reference = await ask(apollo, sent);
    const afterReference = { ...calls };
    const answer = await ask(ours, sent);
    expect(answer).toEqual(reference);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(served().handedOver - before.handedOver).toBe(1);
    // Our request cost one call per subgraph, like the reference's.
    expect(calls.product - afterReference.product).toBe(afterReference.product - before.product);
    expect(calls.pricing - afterReference.pricing).toBe(afterReference.pricing - before.pricing);
  });

  it('leaves bad variables and costs over the limit to Apollo Server, before any subgraph call', async () => {
    await ask(ours, { body: { query: QUERY, variables: { first: 2 } } });
    const before = { ...calls };
    const bad = await same({ body: { query: QUERY, variables: { first: 'many' } } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const costly = await same({ body: { query: QUERY, variables: { first: 100 } } });
    expect(JSON.parse(costly.body).errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(calls).toEqual(before);
  });

  it('serves automatic persisted queries by hash once registered, and leaves unknown hashes to Apollo Server', async () => {
    const text = `query Persisted { products(first: 2) { totalCount } }`;
    const pq = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(text).digest('hex') } };
    const miss = await same({ body: { extensions: pq } }, 1);
    expect(JSON.parse(miss.body).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await same({ body: { query: text, extensions: pq } }, 1);
    const before = served();
    const hit = await same({ body: { extensions: pq } }, 2);
    expect(JSON.parse(hit.body).data.products.totalCount).toBe(2);
    expect(served().served - before.served).toBe(2);
    // A registered hash whose answer has errors reaches Apollo Server with the text, not as an unknown hash.
    current.product = () => ({ data: null, errors: [{ message: 'down for maintenance', extensions: { code: 'UNAVAILABLE' } }] });
    const failed = await same({ body: { extensions: pq } }, 1);
    expect(failed.body).not.toContain('PERSISTED_QUERY_NOT_FOUND');
    expect(JSON.parse(failed.body).errors).toHaveLength(1);
  });

  it('serves by hash a text first sent in full and registered for APQ afterwards', async () => {
    const text = `query LaterPersisted { products(first: 2) { totalCount } }`;
    const pq = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(text).digest('hex') } };
    await same({ body: { query: text } }, 2);
    await same({ body: { query: text, extensions: pq } }, 1);
    const before = served();
    expect(JSON.parse((await same({ body: { extensions: pq } }, 1)).body).data.products.totalCount).toBe(2);
    expect(served().served - before.served).toBe(1);
  });

  it('negotiates the content type as Apollo Server does, refusals included', async () => {
    const sent = (accept: string) => ({ body: { query: QUERY, variables: { first: 2 } }, headers: { accept } });
    expect((await same(sent('application/graphql-response+json'))).headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect((await same(sent('application/json, application/graphql-response+json;q=0.9'))).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await same(sent('*/*'))).status).toBe(200);
    expect((await same(sent('text/html'))).status).toBe(406);
  });

  it('refuses a bad token through Apollo Server and sets a new session cookie on the fast path too', async () => {
    const body = { query: QUERY, variables: { first: 2 } };
    const rejected = await same({ body, headers: { authorization: 'Bearer not-a-token' } });
    expect(rejected.status).toBe(401);
    const fresh = await ours.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const before = served();
    const again = await ours.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(served().served - before.served).toBe(1);
    for (const res of [fresh, again]) {
      expect(String(res.headers['set-cookie'])).toMatch(/^emporium_session=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/);
      expect(res.headers['x-emporium-session']).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});
