/**
 * The scale-out path: the same schema/supergraph.graphql served by Hive Gateway (@graphql-hive/gateway, a dev
 * dependency of e2e only) in front of the platform's subgraphs answers the supergraph end-to-end queries like our
 * gateway does. Hive forwards the caller's Authorization header (subgraphs verify user tokens themselves); it has no
 * service token, so what depends on our gateway vouching for the caller — the anonymous session id and the client
 * address — does not pass through it (last test).
 */
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';
import { executeRows, repoRoot, signAccessToken } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayQuery, startTestPlatform } from './harness.ts';

/**
 * The part of @graphql-hive/gateway this test uses. It is imported by a computed name so that TypeScript does not load
 * Hive's types: graphql-yoga's augmentation of graphql's GraphQLErrorExtensions conflicts with @apollo/server's, which
 * the gateway code this package type-checks (through @emporium/platform) relies on.
 */
interface HiveModule {
  createGatewayRuntime(config: {
    supergraph: string;
    transportEntries: Record<string, { location: string }>;
    propagateHeaders: { fromClientToSubgraphs: (p: { request: Request }) => Record<string, string | null> };
    graphiql: false;
    landingPage: false;
    logging: false;
  }): RequestListener & { dispose(): Promise<void> | void };
}
const hiveModule = '@graphql-hive/gateway';

let env: Awaited<ReturnType<typeof startTestPlatform>>;
let hive: ReturnType<HiveModule['createGatewayRuntime']>;
let server: Server;
let hiveUrl: string;
beforeAll(async () => {
  env = await startTestPlatform();
  const { createGatewayRuntime } = (await import(hiveModule)) as HiveModule;
  hive = createGatewayRuntime({
    supergraph: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    transportEntries: Object.fromEntries(Object.entries(env.platform.subgraphUrls).map(([name, location]) => [name, { location }])),
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
    graphiql: false,
    landingPage: false,
    logging: false,
  });
  server = createServer(hive);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hiveUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await hive?.dispose();
  await env?.stop();
});

type Result<T> = { status: number; data: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
/** POSTs an operation to Hive Gateway. */
async function hiveQuery<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Result<T>> {
  const res = await fetch(hiveUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T | null; errors?: Result<T>['errors'] };
  return { status: res.status, data: body.data ?? null, ...(body.errors ? { errors: body.errors } : {}) };
}
const rows = <T extends Record<string, unknown>>(subgraph: string, query: string) => executeRows<T>(env.platform.runtimes[subgraph]!.db.db, sql.raw(query));

// The operations of e2e/test/supergraph.test.ts, unchanged.
const everything = /* GraphQL */ `
  query Everything($cartId: ID!, $a: ID!, $b: ID!) {
    me { id displayName }
    cart(id: $cartId) { id itemCount }
    products(first: 3) { totalCount edges { node { id sku title } } }
    a: product(id: $a) { ...Enriched }
    b: product(id: $b) { ...Enriched }
  }
  fragment Enriched on Product {
    id sku title
    price { current { amount currency formatted } }
    availability { inStock stockLevel quantityAvailable }
    deals(first: 3) { id price { amount } merchant { name } }
    recommendations(first: 3) { score product { id title } }
  }
`;
const page = /* GraphQL */ `
  query Page($first: Int!) {
    products(first: $first) {
      edges { node {
        id title
        price { current { amount formatted } }
        availability { inStock stockLevel }
        deals(first: 3) { id merchant { name } }
        recommendations(first: 3) { score product { id title } }
      } }
    }
  }
`;

describe('the supergraph through Hive Gateway', () => {
  it('answers the query that touches every subgraph, signed in, exactly as our gateway does', async () => {
    const [customer] = await rows<{ id: string }>('user', 'select id from "user".users order by customer_ref limit 1');
    const auth = { authorization: `Bearer ${await signAccessToken(env.keys.access, { userId: customer!.id, roles: ['customer'] })}` };
    // The mutation goes through Hive too: the cart belongs to the signed-in user, whose token the order subgraph verifies.
    const created = await hiveQuery<{ createCart: { id: string } }>('mutation { createCart { id } }', {}, auth);
    expect(created.errors).toBeUndefined();
    const [withDeal] = await rows<{ product_id: string }>('deal', 'select product_id from deal.deals where product_id is not null order by product_id limit 1');
    const [withRecs] = await rows<{ product_id: string }>('recommendation', 'select product_id from recommendation.co_purchases order by product_id limit 1');
    const variables = { cartId: created.data!.createCart.id, a: withDeal!.product_id, b: withRecs!.product_id };

    const viaHive = await hiveQuery<{ me: { id: string } | null; cart: { id: string } | null; a: { deals: unknown[] }; b: { recommendations: unknown[] } }>(everything, variables, auth);
    const viaOurs = await gatewayQuery(env.platform, everything, variables, auth);
    expect(viaHive.errors).toBeUndefined();
    expect(viaOurs.errors).toBeUndefined();
    expect(viaHive.data!.me?.id).toBe(customer!.id);
    expect(viaHive.data!.cart?.id).toBe(variables.cartId);
    expect(viaHive.data!.a.deals.length).toBeGreaterThan(0);
    expect(viaHive.data!.b.recommendations.length).toBeGreaterThan(0);
    expect(viaHive.data).toEqual(viaOurs.data);
  });

  it('enriches a page of 24 and of 96 products like our gateway, at most two SQL statements per subgraph for either', async () => {
    const counts = async (first: number) => {
      for (const rt of Object.values(env.platform.runtimes)) rt.db.stats.reset();
      const res = await hiveQuery<{ products: { edges: unknown[] } }>(page, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!.products.edges).toHaveLength(first);
      const statements = Object.fromEntries(Object.entries(env.platform.runtimes).map(([name, rt]) => [name, rt.db.stats.statements]));
      expect(res.data).toEqual((await gatewayQuery(env.platform, page, { first })).data);
      return statements;
    };
    const at24 = await counts(24);
    const at96 = await counts(96);
    // The cost does not grow with the page: at most two statements per subgraph for 24 or 96 products (a subgraph's
    // DataLoader batch can split in two when Redis cache reads interleave with it; our gateway's test pins exact counts).
    for (const at of [at24, at96]) {
      expect(at).toMatchObject({ user: 0, order: 0 });
      for (const name of ['product', 'pricing', 'inventory', 'recommendation']) {
        expect(at[name], name).toBeGreaterThanOrEqual(1);
        expect(at[name], name).toBeLessThanOrEqual(2);
      }
    }
  });

  it('passes on a subgraph’s input error with its message, code and path', async () => {
    const query = '{ products(first: 500) { edges { node { id } } } }';
    const viaHive = await hiveQuery(query);
    const viaOurs = await gatewayQuery(env.platform, query);
    expect(viaOurs.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaHive.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual(viaOurs.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })));
  });

  it('does not carry a guest session: that needs our gateway’s service token', async () => {
    const session = { cookie: 'emporium_session=hive-e2e-guest-session-0000000000' };
    const ours = await gatewayQuery<{ createCart: { id: string } }>(env.platform, 'mutation { createCart { id } }', {}, session);
    expect(ours.errors).toBeUndefined();
    const viaHive = await hiveQuery<{ createCart: { id: string } | null }>('mutation { createCart { id } }', {}, session);
    // Without the gateway's service token the order subgraph ignores the session, so a guest cart cannot be made.
    expect(viaHive.data?.createCart ?? null).toBeNull();
    expect(viaHive.errors?.[0]).toMatchObject({ message: expect.stringMatching(/needs an owner/), extensions: { code: 'UNAUTHENTICATED' } });
  });
});
