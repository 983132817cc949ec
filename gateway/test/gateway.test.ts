import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, repoRoot, signAccessToken, subgraphRegistry } from '@emporium/kit';
import { createTestKeys, openTestRuntime } from '@emporium/kit/testing';
import { buildProductSubgraph, migrationsFolder, seedProducts, type ProductRuntime } from '@emporium/subgraph-product';
import { schema } from '@emporium/subgraph-product/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/server.ts';
import { closedUrl } from './fake-subgraphs.ts';

const keys = createTestKeys();
let rt: ProductRuntime;
let product: FastifyInstance;
let gateway: FastifyInstance;
const seen: Record<string, string | string[] | undefined>[] = [];

const sample = Array.from({ length: 5 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  sku: `G${i}`,
  slug: `g-${i}`,
  title: `Gateway Product ${i}`,
  description: 'x',
  categoryPath: ['Home & Living'],
  brand: 'Regency',
  tags: [],
  unitPriceMinor: 100,
  priceHistory: [],
  quantityOnHand: 1,
  unitsSold: 1,
  firstSoldAt: new Date(Date.UTC(2026, 0, i + 1)),
  lastSoldAt: new Date(Date.UTC(2026, 0, i + 1)),
  derived: [],
}));

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys });
  await seedProducts(rt, { products: sample });
  product = (await buildProductSubgraph(rt)).app;
  product.addHook('onRequest', async (req) => {
    if (req.url === '/graphql') seen.push({ ...req.headers });
  });
  await product.listen({ host: '127.0.0.1', port: 0 });
  const port = (product.server.address() as { port: number }).port;
  // Only the product subgraph runs; the others point at a closed port so health shows them down.
  const closed = await closedUrl();
  const urls = Object.fromEntries(subgraphRegistry().map(({ name }) => [name, closed]));
  urls.product = `http://127.0.0.1:${port}/graphql`;
  gateway = await createGateway({
    supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: urls,
    keys,
    logger: createLogger('gateway', 'silent'),
  });
});
afterAll(async () => {
  await gateway?.close();
  await product?.close();
  await rt?.close();
});

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  gateway.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: payload as object });

describe('gateway', () => {
  it('serves the supergraph and forwards only the identity it verified', async () => {
    seen.length = 0;
    const token = await signAccessToken(keys.access, { userId: '11111111-1111-4111-8111-111111111111', roles: ['customer'] });
    const res = await post(
      { query: '{ products(first: 2) { totalCount edges { node { sku title } } } }' },
      {
        authorization: `Bearer ${token}`,
        'x-emporium-service': 'forged',
        'x-emporium-client-ip': '6.6.6.6',
        'x-user-id': 'someone-else',
        cookie: 'emporium_session=abcdefghijklmnopqrstuv',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: { products: { totalCount: 5, edges: [{ node: { sku: 'G4', title: 'Gateway Product 4' } }, { node: { sku: 'G3', title: 'Gateway Product 3' } }] } },
    });
    expect(seen).toHaveLength(1);
    const h = seen[0]!;
    expect(h.authorization).toBe(`Bearer ${token}`);
    expect(h['x-emporium-service']).not.toBe('forged');
    expect(h['x-emporium-session']).toBe('abcdefghijklmnopqrstuv');
    expect(h['x-emporium-client-ip']).not.toBe('6.6.6.6');
    expect(h['x-user-id']).toBeUndefined();
    expect(h['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });

  it('mints an anonymous session id when the client has none', async () => {
    const res = await post({ query: '{ products(first: 0) { totalCount } }' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^emporium_session=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(res.headers['x-emporium-session']).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to tampered, expired, foreign and alg:none tokens', async () => {
    const good = await signAccessToken(keys.access, { userId: 'u', roles: ['customer'] });
    const [h, p] = good.split('.');
    const expired = await signAccessToken(keys.access, { userId: 'u', roles: [] }, { ttlSeconds: 1, now: new Date(Date.now() - 3_600_000) });
    const foreign = await signAccessToken(createTestKeys().access, { userId: 'u', roles: [] });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    for (const token of [`${h}.${p}.AAAA`, expired, foreign, none, 'garbage']) {
      const res = await post({ query: '{ products(first: 1) { totalCount } }' }, { authorization: `Bearer ${token}` });
      expect(res.statusCode).toBe(401);
      expect(res.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps CSRF prevention on and serves no landing page', async () => {
    const get = await gateway.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D' });
    expect(get.statusCode).toBe(400);
    const page = await gateway.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(page.body).not.toMatch(/apollographql|embeddable-sandbox|cdn\./i);
  });

  it('reports per-subgraph health and stays ready when subgraphs are down', async () => {
    const health = await gateway.inject({ method: 'GET', url: '/health' });
    const body = health.json() as { status: string; subgraphs: Record<string, { status: string }> };
    expect(body.status).toBe('degraded');
    expect(body.subgraphs.product?.status).toBe('up');
    expect(body.subgraphs.pricing?.status).toBe('down');
    expect((await gateway.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });

  it('returns partial data with an error for a subgraph that is down', async () => {
    const res = await post({ query: '{ products(first: 1) { edges { node { sku price { current { amount } } } } } }' });
    const body = res.json() as { data: { products: { edges: { node: { sku: string; price: unknown } }[] } }; errors: { extensions: { code: string; serviceName?: string } }[] };
    expect(body.data.products.edges[0]!.node.sku).toBe('G4');
    expect(body.data.products.edges[0]!.node.price).toBeNull();
    expect(body.errors.length).toBeGreaterThan(0);
  });
});

describe('no phoning home', () => {
  it('turns off @apollo/gateway data collection (cloud metadata probes, metrics to Apollo)', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
