/**
 * Our gateway's plan executor (gateway/src/executor/) against @apollo/gateway's own, on the real subgraphs: every
 * read operation the storefront sends (web/src/gql, with real ids, slugs, cursors, a cart and a signed-in shopper),
 * the benchmark queries and deliberately bad requests go to two gateways that differ only in `executor`, and the
 * two HTTP answers must be the same bytes — data, nulls, errors and their order — the first time (Apollo Server's
 * pipeline) and when repeated (our gateway's fast path).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGateway } from '@emporium/gateway';
import { createLogger, repoRoot } from '@emporium/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayScenarios } from '../../bench/scenarios/queries.ts';
import * as documents from '../../web/src/gql/graphql.ts';
import { startTestPlatform } from './harness.ts';

let env: Awaited<ReturnType<typeof startTestPlatform>>;
let apollo: Awaited<ReturnType<typeof createGateway>>;
let apolloUrl: string;

beforeAll(async () => {
  env = await startTestPlatform();
  apollo = await createGateway({
    supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: env.platform.subgraphUrls,
    keys: env.keys,
    logger: createLogger('gateway', 'silent'),
    publicSupergraphSdl: false,
    executor: 'apollo',
  });
  await apollo.listen({ host: '127.0.0.1', port: 0 });
  apolloUrl = `http://127.0.0.1:${(apollo.server.address() as { port: number }).port}/graphql`;
});
afterAll(async () => {
  await apollo?.close();
  await env?.stop();
});

/** The same session cookie on both gateways, so guest carts resolve alike. */
const session = 'emporium_session=executor-equivalence-0001';

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // A quote token carries a fresh quote id on every read: the one value two identical reads do not share.
  return { status: res.status, body: (await res.text()).replace(/"quoteToken":"[^"]*"/g, '"quoteToken":"…"') };
}

/** Sends one operation to both gateways and checks the answers are identical; returns ours, parsed. */
async function same(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const ours = await post(env.platform.gatewayUrl, query, variables, token);
  const theirs = await post(apolloUrl, query, variables, token);
  expect(ours.status).toBe(theirs.status);
  expect(ours.body).toBe(theirs.body);
  // Once more: a repeated operation is answered by our gateway's fast path (gateway/src/fast-path.ts), not Apollo Server.
  const again = await post(env.platform.gatewayUrl, query, variables, token);
  expect(again).toEqual(ours);
  return JSON.parse(ours.body) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('executor equivalence on the real subgraphs', () => {
  it('answers every storefront read exactly as @apollo/gateway does', async () => {
    const listing = await same(String(documents.ProductListingDocument), { sort: 'FEATURED' });
    const slug = listing.data?.products.edges[0].node.slug as string;
    const productId = listing.data?.products.edges[0].node.id as string;
    expect(slug).toBeTruthy();
    await same(String(documents.ProductListingDocument), { sort: 'NEWEST', after: listing.data?.products.pageInfo.endCursor });
    const page = await same(String(documents.ProductPageDocument), { slug });
    expect(page.data?.product).toBeTruthy();
    await same(String(documents.ProductExtrasDocument), { slug });
    const search = await same(String(documents.SearchPageDocument), { query: 'heart holder', sort: 'RELEVANCE', first: 24 });
    expect(search.data?.searchProducts.edges.length).toBeGreaterThan(0);
    await same(String(documents.SearchPageDocument), { query: 'hart t-lite holdr', sort: 'PRICE_ASC', first: 24, filter: { inStockOnly: true } });
    await same(String(documents.SearchMoreDocument), { query: 'heart holder', sort: 'RELEVANCE', first: 24, after: search.data?.searchProducts.pageInfo.endCursor });
    const category = page.data?.product.category?.slug as string | undefined;
    if (category) await same(String(documents.CategorySearchPageDocument), { slug: category, sort: 'NEWEST', first: 24 });
    await same(String(documents.SuggestDocument), { prefix: 'hea' });
    const deals = await same(String(documents.DealsPageDocument), { sort: 'DISCOUNT' });
    expect(deals.data?.deals).toBeTruthy();

    // A guest cart with a line (created through our gateway; both then read it with the same session).
    const cart = (await post(env.platform.gatewayUrl, String(documents.CreateCartDocument), {})).body;
    const cartId = (JSON.parse(cart) as { data: { createCart: { id: string } } }).data.createCart.id;
    await post(env.platform.gatewayUrl, String(documents.AddCartLineDocument), { cartId, productId, quantity: 2 });
    const cartPage = await same(String(documents.CartPageDocument), { id: cartId });
    expect(cartPage.data?.cart).toBeTruthy();
    await same(String(documents.CartCountDocument), { id: cartId });
    await same(String(documents.CartDetailsDocument), { id: cartId });

    // A signed-in shopper's pages.
    const signUp = await post(env.platform.gatewayUrl, String(documents.SignUpDocument), {
      input: { email: 'executor-equivalence@example.com', password: 'correct horse battery staple 9', displayName: 'Equivalence' },
    });
    const token = (JSON.parse(signUp.body) as { data: { signUp: { accessToken?: string } } }).data.signUp.accessToken;
    expect(token).toBeTruthy();
    await post(env.platform.gatewayUrl, String(documents.AddToWishlistDocument), { productId }, token);
    const account = await same(String(documents.AccountProfileDocument), {}, token);
    expect(account.data?.me).toBeTruthy();
    await same(String(documents.WishlistPageDocument), {}, token);
    await same(String(documents.SavedDealsPageDocument), {}, token);
    await same(String(documents.OrderHistoryDocument), {}, token);
  });

  it('answers the benchmark queries exactly as @apollo/gateway does', async () => {
    for (const scenario of Object.values(gatewayScenarios)) {
      const body = await same(scenario.query);
      expect(body.data).toBeTruthy();
    }
  });

  it('answers bad requests, missing entities and abstract types exactly as @apollo/gateway does', async () => {
    const missing = await same('{ product(id: "00000000-0000-4000-8000-000000000000") { id title } bySku: product(sku: "NO-SUCH-SKU") { id } }');
    expect(missing.data).toEqual({ product: null, bySku: null });
    const tooLong = await same('query S($q: String) { searchProducts(query: $q, first: 5) { totalCount } }', { q: 'x'.repeat(300) });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await same('{ products(first: 1000) { totalCount } }');
    expect(tooMany.errors?.length).toBeGreaterThan(0);
    const badVariable = await same('query P($first: Int!) { products(first: $first) { totalCount } }', { first: 'ten' });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const union = await same(
      `mutation { signIn(email: "nobody@example.com", password: "wrong password 123") {
        __typename kind: __typename ... on InvalidCredentials { message } ... on AuthPayload { accessToken } } }`,
    );
    expect(union.data?.signIn.__typename).toBeTruthy();
    await same('{ __typename products(first: 2) { __typename edges { __typename node { __typename id } } } }');
    // Left to @apollo/gateway's executor (introspection, @include): still the same answers.
    await same('query I($withTitle: Boolean!) { __schema { queryType { name } } products(first: 2) { edges { node { id title @include(if: $withTitle) } } } }', { withTitle: false });
  });
});
