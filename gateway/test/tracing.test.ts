import { createLogger, createSubgraphServer, createTokenVerifier, startTracing, type Tracing } from '@emporium/kit';
import { createTestKeys } from '@emporium/kit/testing';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWith, post } from './fake-subgraphs.ts';

// Two real (tiny) subgraph servers built with the kit's createSubgraphServer, answering the product and pricing parts
// of the supergraph that the test query touches: the product list from one, each product's price from the other.
const keys = createTestKeys();
const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const productSdl = /* GraphQL */ `
  ${federation}
  type Query { products(first: Int): ProductConnection! }
  type ProductConnection { edges: [ProductEdge!]! totalCount: Int! }
  type ProductEdge { node: Product! }
  type Product @key(fields: "id") { id: ID! }
`;
const pricingSdl = /* GraphQL */ `
  ${federation}
  type Query { currencies: [String!]! }
  type Product @key(fields: "id") { id: ID! price(country: String, currency: String): Price }
  type Price { current: Money! }
  type Money { amount: Int! currency: String! }
`;
const headersSeen: Record<string, string | undefined>[] = [];

async function subgraph(name: string, sdl: string, resolvers: object): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createSubgraphServer({
    name,
    typeDefs: parse(sdl),
    resolvers,
    verifier: createTokenVerifier(keys),
    logger: createLogger(name, 'silent'),
    context: () => ({}),
  });
  app.addHook('onRequest', async (req) => void headersSeen.push({ service: name, traceparent: req.headers.traceparent as string | undefined }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql` };
}

const startAll = async () => {
  const product = await subgraph('product', productSdl, {
    Query: { products: (_: unknown, { first }: { first: number }) => ({ totalCount: 2, edges: [{ node: { id: 'p1' } }, { node: { id: 'p2' } }].slice(0, first) }) },
  });
  const pricing = await subgraph('pricing', pricingSdl, {
    Product: { __resolveReference: (ref: { id: string }) => ref, price: () => ({ current: { amount: 1999, currency: 'GBP' } }) },
  });
  const gateway = await gatewayWith({ product: product.url, pricing: pricing.url }, { keys });
  return { gateway, close: async () => void (await Promise.all([gateway.close(), product.app.close(), pricing.app.close()])) };
};

const QUERY = 'query ProductPrices { products(first: 2) { totalCount edges { node { id price { current { amount currency } } } } } }';
const EXPECTED = {
  products: { totalCount: 2, edges: ['p1', 'p2'].map((id) => ({ node: { id, price: { current: { amount: 1999, currency: 'GBP' } } } })) },
};

describe('tracing off (the default)', () => {
  it('sends subgraphs no traceparent and answers as usual', async () => {
    const { gateway, close } = await startAll();
    headersSeen.length = 0;
    const res = await post(gateway, { query: QUERY });
    await close();
    expect(res.body).toEqual({ data: EXPECTED });
    expect(headersSeen.map((h) => h.service).sort()).toEqual(['pricing', 'product']);
    expect(headersSeen.every((h) => h.traceparent === undefined)).toBe(true);
  });
});

describe('tracing on', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let setup: Awaited<ReturnType<typeof startAll>>;
  beforeAll(async () => {
    tracing = startTracing('emporium-test', { exporter })!;
    setup = await startAll();
  });
  afterAll(async () => {
    await setup.close();
    await tracing.stop();
  });

  const spansOf = async (traceId: string) => {
    await tracing.flush();
    return exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  };
  const scope = (s: ReadableSpan) => s.instrumentationScope.name;
  const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it('follows one request from the gateway through both subgraphs in one trace', async () => {
    exporter.reset();
    headersSeen.length = 0;
    const res = await post(setup.gateway, { query: QUERY });
    expect(res.body).toEqual({ data: EXPECTED });

    await tracing.flush();
    const root = exporter.getFinishedSpans().find((s) => scope(s) === 'emporium.gateway' && s.kind === SpanKind.SERVER);
    expect(root).toBeDefined();
    expect(root!.name).toBe('query ProductPrices');
    expect(root!.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'ProductPrices', 'http.response.status_code': 200 });
    expect(parentId(root!)).toBeUndefined();

    const traceId = root!.spanContext().traceId;
    const spans = await spansOf(traceId);
    // Nothing from this request landed in another trace.
    expect(exporter.getFinishedSpans().length).toBe(spans.length);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const descendsFromRoot = (s: ReadableSpan): boolean => {
      for (let p = parentId(s); p; p = byId.get(p) && parentId(byId.get(p)!)) if (p === root!.spanContext().spanId) return true;
      return false;
    };

    for (const service of ['product', 'pricing']) {
      const fetches = spans.filter((s) => s.name === `subgraph ${service}`);
      expect(fetches, `one fetch span for ${service}`).toHaveLength(1);
      const fetch = fetches[0]!;
      expect(fetch.kind).toBe(SpanKind.CLIENT);
      expect(scope(fetch)).toBe('emporium.gateway');
      expect(fetch.attributes).toMatchObject({ 'emporium.subgraph': service, 'emporium.subgraph.attempts': 1 });
      expect(descendsFromRoot(fetch)).toBe(true);

      const servers = spans.filter((s) => scope(s) === `emporium.subgraph.${service}`);
      expect(servers, `one server span in ${service}`).toHaveLength(1);
      const server = servers[0]!;
      expect(server.kind).toBe(SpanKind.SERVER);
      expect(parentId(server)).toBe(fetch.spanContext().spanId);
      expect(server.attributes).toMatchObject({ 'emporium.service': service, 'graphql.operation.type': 'query', 'http.response.status_code': 200 });
      expect(server.attributes['graphql.operation.name']).toMatch(/^ProductPrices__/);
      expect(server.name).toMatch(/^query ProductPrices__/);
    }
    // The subgraphs saw the W3C header of their fetch span.
    expect(headersSeen.map((h) => h.traceparent?.split('-')[1])).toEqual([traceId, traceId]);
  });

  it("continues the caller's traceparent", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await post(setup.gateway, { query: '{ products(first: 1) { totalCount } }' }, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    expect(res.body).toEqual({ data: { products: { totalCount: 2 } } });
    const spans = await spansOf(traceId);
    const root = spans.find((s) => scope(s) === 'emporium.gateway' && s.kind === SpanKind.SERVER);
    expect(parentId(root!)).toBe(callerSpan);
    expect(spans.some((s) => scope(s) === 'emporium.subgraph.product')).toBe(true);
  });

  it('marks a failed subgraph fetch as an error', async () => {
    exporter.reset();
    // A gateway whose subgraphs all point at a closed port.
    const gw = await gatewayWith({}, { keys });
    const res = await post(gw, { query: 'query Dead { products(first: 1) { totalCount } }' });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'product' });
    await tracing.flush();
    const fetch = exporter.getFinishedSpans().find((s) => s.name === 'subgraph product');
    expect(fetch?.status).toMatchObject({ code: 2, message: 'The product service is unavailable.' });
    expect(fetch?.attributes['emporium.subgraph.attempts']).toBe(2);
    await gw.close();
  });
});
