import { executeRows, signAccessToken } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayQuery, startTestPlatform } from './harness.ts';

let env: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  env = await startTestPlatform();
});
afterAll(async () => {
  await env?.stop();
});

const rows = <T extends Record<string, unknown>>(subgraph: string, query: string) => executeRows<T>(env.platform.runtimes[subgraph]!.db.db, sql.raw(query));

interface ProductNode {
  id: string;
  sku: string;
  title: string;
  price: { current: { amount: number; currency: string; formatted: string } } | null;
  availability: { inStock: boolean; stockLevel: string; quantityAvailable: number | null } | null;
  deals: { id: string; price: { amount: number }; merchant: { name: string } }[];
  recommendations: { score: number; product: { id: string; title: string } }[];
}

describe('the supergraph end to end', () => {
  it('answers one query that touches every subgraph with the values in their databases', async () => {
    const [customer] = await rows<{ id: string; display_name: string }>('user', 'select id, display_name from "user".users order by customer_ref limit 1');
    expect(customer).toBeDefined();
    const token = await signAccessToken(env.keys.access, { userId: customer!.id, roles: ['customer'] });
    const auth = { authorization: `Bearer ${token}` };
    const created = await gatewayQuery<{ createCart: { id: string } }>(env.platform, 'mutation { createCart { id } }', {}, auth);
    expect(created.errors).toBeUndefined();
    const cartId = created.data!.createCart.id;

    // Products that have deals and recommendations, so every subgraph contributes to the answer.
    const [withDeal] = await rows<{ product_id: string }>('deal', 'select product_id from deal.deals where product_id is not null order by product_id limit 1');
    const [withRecs] = await rows<{ product_id: string }>('recommendation', 'select product_id from recommendation.co_purchases order by product_id limit 1');
    const ids = [withDeal?.product_id, withRecs?.product_id].filter((x): x is string => Boolean(x));
    expect(ids).toHaveLength(2);

    const query = /* GraphQL */ `
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
    const res = await gatewayQuery<{ me: { id: string; displayName: string }; cart: { id: string; itemCount: number }; products: { totalCount: number; edges: { node: { id: string; title: string } }[] }; a: ProductNode; b: ProductNode }>(
      env.platform,
      query,
      { cartId, a: ids[0], b: ids[1] },
      auth,
    );
    expect(res.errors).toBeUndefined();
    const data = res.data!;
    expect(data.me).toEqual({ id: customer!.id, displayName: customer!.display_name });
    expect(data.cart).toEqual({ id: cartId, itemCount: 0 });

    const [count] = await rows<{ n: number }>('product', 'select count(*)::int as n from product.products');
    expect(data.products.totalCount).toBe(count!.n);
    expect(data.products.edges).toHaveLength(3);

    for (const node of [data.a, data.b]) {
      const [p] = await rows<{ sku: string; title: string }>('product', `select sku, title from product.products where id = '${node.id}'`);
      expect({ sku: node.sku, title: node.title }).toEqual(p);
      const [price] = await rows<{ amount: number }>('pricing', `select amount::int as amount from pricing.prices where product_id = '${node.id}' and currency = 'GBP'`);
      expect(node.price?.current.amount).toBe(price!.amount);
      expect(node.price?.current.currency).toBe('GBP');
      expect(node.price?.current.formatted).toMatch(/^£\d+\.\d{2}$/);
      const [stock] = await rows<{ q: number }>('inventory', `select coalesce(sum(on_hand - reserved - committed), 0)::int as q from inventory.stock where product_id = '${node.id}'`);
      expect(node.availability?.quantityAvailable).toBe(stock!.q);
      expect(node.availability?.inStock).toBe(stock!.q > 0);
    }
    const dealRows = await rows<{ id: string }>('deal', `select id from deal.deals where product_id = '${data.a.id}'`);
    expect(data.a.deals.length).toBeGreaterThan(0);
    expect(dealRows.map((d) => d.id)).toEqual(expect.arrayContaining(data.a.deals.map((d) => d.id)));
    expect(data.a.deals[0]!.merchant.name.length).toBeGreaterThan(0);

    const recRows = await rows<{ other_product_id: string }>('recommendation', `select other_product_id from recommendation.co_purchases where product_id = '${data.b.id}' order by score desc, other_product_id limit 3`);
    expect(data.b.recommendations.map((r) => r.product.id)).toEqual(recRows.map((r) => r.other_product_id));
    for (const r of data.b.recommendations) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.product.title.length).toBeGreaterThan(0);
    }
  });

  it('enriches a page of 24 and of 96 products with the same number of SQL statements per subgraph', async () => {
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
    const counts = async (first: number) => {
      for (const rt of Object.values(env.platform.runtimes)) rt.db.stats.reset();
      const res = await gatewayQuery<{ products: { edges: unknown[] } }>(env.platform, page, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!.products.edges).toHaveLength(first);
      return Object.fromEntries(Object.entries(env.platform.runtimes).map(([name, rt]) => [name, rt.db.stats.statements]));
    };
    const at24 = await counts(24);
    const at96 = await counts(96);
    expect(at96).toEqual(at24);
    // At most one statement per entity type each subgraph resolves: product (the page, then the recommended
    // products), pricing, inventory, deal (deals, plus their merchants when the page has any deals),
    // recommendation; user and order are not involved.
    expect(at24).toMatchObject({ product: 2, pricing: 1, inventory: 1, recommendation: 1, user: 0, order: 0 });
    expect(at24.deal).toBeGreaterThanOrEqual(1);
    expect(at24.deal).toBeLessThanOrEqual(2);
  });

  it('refuses a forged identity sent straight to a subgraph', async () => {
    const url = env.platform.subgraphUrls.user!;
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged.token.here' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(forged.status).toBe(401);
    const plain = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'someone', 'x-emporium-session': 'abcdefghijklmnopqrstuvwxyz' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(await plain.json()).toEqual({ data: { me: null } });
  });
});
