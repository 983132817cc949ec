import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/circuit-breaker.ts';
import { fakeSubgraph, gatewayWith, post } from './fake-subgraphs.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function setup(...args: Parameters<typeof gatewayWith>) {
  const gw = await gatewayWith(...args);
  cleanups.push(() => gw.close());
  return gw;
}
async function fake(...args: Parameters<typeof fakeSubgraph>) {
  const f = await fakeSubgraph(...args);
  cleanups.push(() => f.app.close());
  return f;
}
const noLeak = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|relation|select |\.ts:|stack|ECONN|fetch failed/i);

describe('subgraph failures', () => {
  it('reports a dead subgraph as DOWNSTREAM_SERVICE_ERROR with its name and nothing internal', async () => {
    const gw = await setup({});
    const res = await post(gw, { query: '{ products(first: 1) { totalCount } }' });
    expect(res.body.errors?.[0]).toMatchObject({ message: 'The product service is unavailable.', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'product' } });
    noLeak(res.body);
  });

  it('masks what a broken subgraph says (SQL text, URLs, response bodies)', async () => {
    const broken = await fake((_req, reply) => reply.code(500).send({ errors: [{ message: 'relation "product.secret" does not exist at /srv/db.ts:1', extensions: { code: 'INTERNAL' } }] }));
    const leaky = await fake(() => ({ data: { currencies: null }, errors: [{ message: 'select * from pricing.secret failed', path: ['currencies'], extensions: { code: 'INTERNAL', stacktrace: ['at x.ts:1'] } }] }));
    const gw = await setup({ product: broken.url, pricing: leaky.url });
    const a = await post(gw, { query: '{ products(first: 1) { totalCount } }' });
    expect(a.body.errors?.[0]).toMatchObject({ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'product' } });
    noLeak(a.body);
    const b = await post(gw, { query: '{ currencies }' });
    expect(b.body.errors?.[0]).toEqual({ message: 'The pricing service failed.', path: ['currencies'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'pricing' } });
    noLeak(b.body);
  });

  it('keeps the message and code of client errors a subgraph reports', async () => {
    const strict = await fake(() => ({ data: null, errors: [{ message: 'first must be between 0 and 100, got 500.', extensions: { code: 'BAD_USER_INPUT', field: 'first' } }] }));
    const gw = await setup({ product: strict.url });
    const res = await post(gw, { query: '{ products(first: 500) { totalCount } }' });
    expect(res.body.errors?.[0]).toMatchObject({ message: 'first must be between 0 and 100, got 500.', extensions: { code: 'BAD_USER_INPUT', field: 'first', serviceName: 'product' } });
  });

  it('cuts a slow subgraph at its timeout', async () => {
    const slow = await fake(async () => {
      await sleep(3000);
      return { data: { products: { totalCount: 1 } } };
    });
    const gw = await setup({ product: slow.url }, { subgraphTimeoutMs: 300 });
    const started = performance.now();
    const res = await post(gw, { query: '{ products(first: 1) { totalCount } }' });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(res.body.errors?.[0]).toMatchObject({ message: 'The product service did not answer in time.', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
  });

  it('opens the circuit after repeated failures, fails fast, and closes again once the subgraph recovers', async () => {
    let healthy = false;
    const flaky = await fake((_req, reply) => (healthy ? { data: { products: { totalCount: 3 } } } : reply.code(503).send('down')));
    const gw = await setup({ product: flaky.url }, { circuitBreaker: { failureThreshold: 3, openMs: 300 } });
    const q = { query: '{ products(first: 1) { totalCount } }' };
    for (let i = 0; i < 3; i++) await post(gw, q);
    expect(flaky.calls()).toBe(3);
    const fast = await post(gw, q);
    expect(fast.body.errors?.[0]).toMatchObject({ message: 'The product service is unavailable.' });
    expect(flaky.calls()).toBe(3);
    healthy = true;
    await sleep(350);
    expect((await post(gw, q)).body).toEqual({ data: { products: { totalCount: 3 } } });
    expect((await post(gw, q)).body).toEqual({ data: { products: { totalCount: 3 } } });
    expect(flaky.calls()).toBe(5);
  });

  it('retries a query once after a dropped connection, never a mutation', async () => {
    const dropFirst = (req: import('fastify').FastifyRequest, _reply: unknown, call: number) => {
      if (call === 1) {
        req.raw.socket.destroy();
        return new Promise(() => {});
      }
      return { data: { products: { totalCount: 9 }, createCart: { id: 'c1' } } };
    };
    const product = await fake(dropFirst);
    const order = await fake(dropFirst);
    const gw = await setup({ product: product.url, order: order.url });
    expect((await post(gw, { query: '{ products(first: 1) { totalCount } }' })).body).toEqual({ data: { products: { totalCount: 9 } } });
    expect(product.calls()).toBe(2);
    const mutation = await post(gw, { query: 'mutation { createCart { id } }' });
    expect(mutation.body.errors?.[0]).toMatchObject({ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'order' } });
    expect(order.calls()).toBe(1);
  });
});

describe('circuit breaker', () => {
  it('admits a single trial call when half-open', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 2, openMs: 100, now: () => now });
    b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    now = 100;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.failure();
    expect(b.state).toBe('open');
    now = 250;
    expect(b.tryAcquire()).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
  });
});

describe('a subgraph killed during a load run', () => {
  const products = { totalCount: 2, edges: ['p1', 'p2'].map((id) => ({ node: { __typename: 'Product', id } })) };
  const price = { current: { amount: 1999, currency: 'GBP' } };
  /** A pricing stand-in on `port` (0: any) that prices every product representation it is sent, in about 100 ms. */
  async function pricingOn(port: number): Promise<FastifyInstance> {
    const app = Fastify({ logger: false });
    app.post('/graphql', async (req) => {
      await sleep(100);
      const { variables } = req.body as { variables?: { representations?: unknown[] } };
      return { data: { _entities: (variables?.representations ?? []).map(() => ({ __typename: 'Product', price })) } };
    });
    await app.listen({ host: '127.0.0.1', port });
    return app;
  }
  const HEALTHY = { query: 'query Healthy { products(first: 2) { totalCount edges { node { id } } } }' };
  const BOTH = { query: 'query Both { products(first: 2) { edges { node { id price { current { amount currency } } } } } }' };
  const healthyData = { products: { totalCount: 2, edges: [{ node: { id: 'p1' } }, { node: { id: 'p2' } }] } };
  const bothData = { products: { edges: ['p1', 'p2'].map((id) => ({ node: { id, price } })) } };
  const degradedData = { products: { edges: ['p1', 'p2'].map((id) => ({ node: { id, price: null } })) } };
  type Body = Awaited<ReturnType<typeof post>>['body'];
  /** Null prices plus DOWNSTREAM_SERVICE_ERROR errors naming pricing, and nothing else. */
  const isDegraded = (body: Body) =>
    JSON.stringify(body.data) === JSON.stringify(degradedData) &&
    (body.errors?.length ?? 0) > 0 &&
    body.errors!.every((e) => e.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' && e.extensions.serviceName === 'pricing');

  it('gives null + errors for its fields only, leaves other operations alone, and recovers within 10 s of restart', async () => {
    const product = await fake(() => ({ data: { products } }));
    let pricing = await pricingOn(0);
    const port = (pricing.server.address() as { port: number }).port;
    cleanups.push(() => pricing.close());
    // Production breaker settings (5 failures open it for 5 s), so recovery is measured as it would happen.
    const gw = await setup({ product: product.url, pricing: `http://127.0.0.1:${port}/graphql` });

    // 200 requests in 20 waves of 10 over ~3 s, half touching only product, half touching product and pricing.
    const WAVES = 20;
    const KILL_DURING_WAVE = 6;
    const runs: Promise<{ op: 'healthy' | 'both'; afterKill: boolean; body: Body }>[] = [];
    let killed = false;
    for (let wave = 0; wave < WAVES; wave++) {
      for (let i = 0; i < 10; i++) {
        const op = i % 2 === 0 ? 'healthy' : 'both';
        const afterKill = killed;
        runs.push(post(gw, op === 'healthy' ? HEALTHY : BOTH).then((res) => ({ op, afterKill, body: res.body })));
      }
      if (wave === KILL_DURING_WAVE) {
        // A crash, not a drain, while this wave's pricing calls are in flight: their connections are cut, then the
        // port refuses connections.
        await sleep(50);
        const closing = pricing.close();
        pricing.server.closeAllConnections();
        await closing;
        killed = true;
      }
      await sleep(150);
    }
    const results = await Promise.all(runs);
    expect(results).toHaveLength(200);

    // Operations that do not touch pricing never noticed.
    const healthy = results.filter((r) => r.op === 'healthy');
    expect(healthy.filter((r) => JSON.stringify(r.body) !== JSON.stringify({ data: healthyData }))).toEqual([]);
    // Before the kill everything was complete; every request sent after it got product data with null prices.
    const both = results.filter((r) => r.op === 'both');
    // Before the kill, pricing answered; a request still in flight when the connections were cut may be degraded.
    const beforeKill = both.filter((r) => !r.afterKill);
    const complete = beforeKill.filter((r) => JSON.stringify(r.body) === JSON.stringify({ data: bothData }));
    expect(complete.length).toBeGreaterThan(0);
    expect(beforeKill.filter((r) => !complete.includes(r) && !isDegraded(r.body)).map((r) => r.body)).toEqual([]);
    const afterKill = both.filter((r) => r.afterKill);
    expect(afterKill).toHaveLength(65);
    expect(afterKill.filter((r) => !isDegraded(r.body)).map((r) => r.body)).toEqual([]);
    noLeak(afterKill.map((r) => r.body));

    // Restart on the same port: the circuit breaker's half-open trial closes it again within 10 s.
    pricing = await pricingOn(port);
    const restarted = performance.now();
    let recovered = false;
    while (!recovered && performance.now() - restarted < 10_000) {
      const res = await post(gw, BOTH);
      recovered = JSON.stringify(res.body) === JSON.stringify({ data: bothData });
      if (!recovered) await sleep(200);
    }
    expect(recovered, 'pricing answers through the gateway within 10 s of its restart').toBe(true);
    const after = await Promise.all(Array.from({ length: 10 }, () => post(gw, BOTH)));
    expect(after.map((r) => r.body)).toEqual(Array(10).fill({ data: bothData }));
  }, 30_000);
});
