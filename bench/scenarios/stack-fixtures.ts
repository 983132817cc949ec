/**
 * Inputs for the stack scenarios (stack.ts, stack-sql.ts), made through the real API of a running platform: signed-up
 * users with a cart and an address, generous stock for the products checkout buys, the products the product page
 * rotates over and the search queries the search page rotates over.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServiceClient, repoRoot, signServiceToken, type KeyPair } from '@emporium/kit';
import { must } from '../lib/graphql-client.ts';
import {
  CreateCartDocument,
  ProductListingDocument,
  RefreshSessionDocument,
  SetShippingAddressDocument,
  SignUpDocument,
  type ProductListingQuery,
} from '../../web/src/gql/graphql.ts';

/** A signed-up customer with a cart that has a shipping address. */
export interface BenchUser {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  cartId: string;
}

/** A catalogue product as the listing shows it. */
export interface ListedProduct {
  id: string;
  slug: string;
  priceMinor: number | null;
  inStock: boolean;
}

/** The judged search queries (bench/search/relevance/queries.jsonl): what shoppers type, typos included. */
export function searchQueries(): string[] {
  const file = join(repoRoot, 'bench', 'search', 'relevance', 'queries.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** How many products the catalogue holds (the listing's totalCount). */
export async function catalogSize(gatewayUrl: string): Promise<number> {
  return (await must(gatewayUrl, ProductListingDocument, { after: null, sort: 'FEATURED' })).products.totalCount;
}

/** The first `count` products of the catalogue in the storefront's default order (FEATURED), through its listing query. */
export async function listProducts(gatewayUrl: string, count: number): Promise<ListedProduct[]> {
  const out: ListedProduct[] = [];
  let after: string | null = null;
  while (out.length < count) {
    const data: ProductListingQuery = await must(gatewayUrl, ProductListingDocument, { after, sort: 'FEATURED' });
    for (const { node } of data.products.edges) {
      out.push({ id: node.id, slug: node.slug, priceMinor: node.price?.current.amount ?? null, inStock: node.availability?.inStock ?? false });
    }
    if (!data.products.pageInfo.hasNextPage) break;
    after = data.products.pageInfo.endCursor ?? null;
  }
  return out.slice(0, count);
}

/**
 * Signs up `count` customers through the API (`signUp`, country GB), each from its own forwarded client address — the
 * sign-up limit is 10 per client address per hour, and the platform's embedded gateway trusts X-Forwarded-For from
 * loopback — then gives each a cart (`createCart`) with a GB shipping address.
 */
export async function signUpUsers(gatewayUrl: string, count: number, label: string): Promise<BenchUser[]> {
  const run = `${label}-${Date.now().toString(36)}`;
  const net = randomBytes(2);
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${run}-${i}@bench.example.com`;
    const address = `10.${net[0]}.${(net[1]! + (i >> 8)) % 256}.${i % 256}`;
    const signedUp = await must(
      gatewayUrl,
      SignUpDocument,
      { input: { email, password: randomBytes(12).toString('base64url'), displayName: `Bench ${i}`, country: 'GB', currency: 'GBP' } },
      { 'x-forwarded-for': address },
    );
    const auth = signedUp.signUp;
    if (auth.__typename !== 'AuthPayload') throw new Error(`signUp for ${email} answered ${auth.__typename}: ${'message' in auth ? auth.message : ''}`);
    const headers = { authorization: `Bearer ${auth.accessToken}` };
    const cartId = (await must(gatewayUrl, CreateCartDocument, {}, headers)).createCart.id;
    await must(
      gatewayUrl,
      SetShippingAddressDocument,
      { cartId, address: { name: `Bench ${i}`, line1: '1 Test Street', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' } },
      headers,
    );
    users.push({ userId: auth.user.id, email, accessToken: auth.accessToken, refreshToken: auth.refreshToken, cartId });
  }
  return users;
}

/** New access tokens for every user (`refreshSession`; access tokens live 15 minutes). */
export async function refreshUsers(gatewayUrl: string, users: BenchUser[]): Promise<void> {
  for (const u of users) {
    const r = (await must(gatewayUrl, RefreshSessionDocument, { refreshToken: u.refreshToken })).refreshSession;
    if (r.__typename !== 'AuthPayload') throw new Error(`refreshSession for ${u.email} answered ${r.__typename}`);
    u.accessToken = r.accessToken;
    u.refreshToken = r.refreshToken;
  }
}

/**
 * Sets `units` on hand in the default warehouse for each product, through inventory's own import path
 * (`importStock`, a hidden command that takes a service token), so checkout never runs out during a benchmark.
 */
export async function importStock(inventoryUrl: string, serviceKey: KeyPair, productIds: string[], units: number): Promise<number> {
  const client = createServiceClient({ service: 'bench', token: () => signServiceToken(serviceKey, 'bench'), urlOf: () => inventoryUrl, timeoutMs: 30_000 });
  const res = await client.request<{ importStock: { updated: number } }>(
    'inventory',
    /* GraphQL */ `mutation ImportStock($items: [StockImportItem!]!) { importStock(items: $items) { updated } }`,
    { items: productIds.map((productId) => ({ productId, quantityOnHand: units })) },
  );
  return res.importStock.updated;
}
