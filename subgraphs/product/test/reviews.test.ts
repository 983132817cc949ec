import { executeRows } from '@emporium/kit';
import { createTestKeys, gql, userHeaders } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductRuntime } from '../src/runtime.ts';
import { byTitle, openSearchFixtureApp, searchFixture, type SearchFixtureApp } from './search-fixtures.ts';

const keys = createTestKeys();
let fx: SearchFixtureApp | undefined;
let rt: ProductRuntime;
let app: SearchFixtureApp['app'];
const users = Array.from({ length: 4 }, (_, i) => `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const as = (i: number) => userHeaders(keys, { id: users[i]! });

beforeAll(async () => {
  fx = await openSearchFixtureApp(keys);
  ({ rt, app } = fx);
});
afterAll(() => fx?.close());

const ADD = `mutation($p: ID!, $r: Int!, $t: String!, $b: String!) { addReview(productId: $p, rating: $r, title: $t, body: $b) { id rating title body author { id } product { id rating { average count } } } }`;
const add = async (user: number, productId: string, rating: number, title = 'Nice', body = 'Does the job.') =>
  gql<{ addReview: { id: string; rating: number; author: { id: string }; product: { rating: { average: number | null; count: number } } } }>(app, ADD, { p: productId, r: rating, t: title, b: body }, await as(user));

describe('reviews and ratings', () => {
  it('needs a signed-in shopper', async () => {
    const res = await gql(app, ADD, { p: byTitle('Retrospot Mug').id, r: 5, t: 'x', b: 'y' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('adds a review, updates the rating, and refuses a second review by the same shopper', async () => {
    const mug = byTitle('Retrospot Mug').id;
    const first = await add(0, mug, 5, '  Lovely mug  ');
    expect(first.errors).toBeUndefined();
    expect(first.data!.addReview).toMatchObject({ rating: 5, title: 'Lovely mug', author: { id: users[0] }, product: { rating: { average: 5, count: 1 } } });
    const second = await add(1, mug, 4);
    expect(second.data!.addReview.product.rating).toEqual({ average: 4.5, count: 2 });
    const third = await add(2, mug, 4);
    expect(third.data!.addReview.product.rating).toEqual({ average: 4.33, count: 3 });
    const again = await add(0, mug, 1);
    expect(again.errors?.[0]).toMatchObject({ message: 'You have already reviewed this product.', extensions: { code: 'CONFLICT' } });
    const [row] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from product.reviews where product_id = ${mug}::uuid`);
    expect(row!.n).toBe(3);
  });

  it.each([
    ['rating 0', { r: 0 }, 'rating must be a whole number from 1 to 5, got 0.', 'rating', 'BAD_USER_INPUT'],
    ['rating 6', { r: 6 }, 'rating must be a whole number from 1 to 5, got 6.', 'rating', 'BAD_USER_INPUT'],
    ['a blank title', { t: '   ' }, 'title must not be empty.', 'title', 'BAD_USER_INPUT'],
    ['a long title', { t: 'x'.repeat(121) }, 'title must be at most 120 characters, got 121.', 'title', 'BAD_USER_INPUT'],
    ['a long body', { b: 'x'.repeat(4001) }, 'body must be at most 4000 characters, got 4001.', 'body', 'BAD_USER_INPUT'],
    ['a malformed product id', { p: 'nope' }, 'productId is not a valid id: "nope".', 'productId', 'BAD_USER_INPUT'],
  ])('refuses %s', async (_name, vars, message, field, code) => {
    const res = await gql(app, ADD, { p: byTitle('Jumbo Bag Pink Polkadot').id, r: 3, t: 'ok', b: 'ok', ...vars }, await as(3));
    expect(res.errors?.[0]).toMatchObject({ message, extensions: { code, field } });
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    const res = await gql(app, ADD, { p: '99999999-0000-4000-8000-000000000000', r: 3, t: 'ok', b: 'ok' }, await as(3));
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through reviews newest first without gaps', async () => {
    const mug = byTitle('Retrospot Mug').id;
    const q = `query($id: ID!, $after: String) { product(id: $id) { reviews(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id author { id } } } } } }`;
    const p1 = await gql<{ product: { reviews: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; author: { id: string } } }[] } } }>(app, q, { id: mug });
    expect(p1.data!.product.reviews.totalCount).toBe(3);
    expect(p1.data!.product.reviews.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql<typeof p1.data>(app, q, { id: mug, after: p1.data!.product.reviews.pageInfo.endCursor });
    const all = [...p1.data!.product.reviews.edges, ...p2.data!.product.reviews.edges].map((e) => e.node.author.id);
    expect(all.sort()).toEqual(users.slice(0, 3));
    expect(p2.data!.product.reviews.pageInfo.hasNextPage).toBe(false);
  });

  it('feeds ratings into search: minRating filter, RATING sort and rating facet', async () => {
    await add(0, byTitle('Jumbo Bag Pink Polkadot').id, 2);
    await add(0, byTitle('Regency Cakestand 3 Tier').id, 4);
    const q = `query($f: ProductSearchFilter) { searchProducts(filter: $f, sort: RATING, first: 3) { totalCount edges { node { title rating { average count } } } facets { ratings { minRating count } } } }`;
    const all = await gql<{ searchProducts: { totalCount: number; edges: { node: { title: string } }[]; facets: { ratings: { minRating: number; count: number }[] } } }>(app, q, {});
    expect(all.data!.searchProducts.edges.map((e) => e.node.title)).toEqual(['Retrospot Mug', 'Regency Cakestand 3 Tier', 'Jumbo Bag Pink Polkadot']);
    expect(all.data!.searchProducts.facets.ratings).toEqual([
      { minRating: 4, count: 2 },
      { minRating: 3, count: 2 },
      { minRating: 2, count: 3 },
      { minRating: 1, count: 3 },
    ]);
    const four = await gql<typeof all.data>(app, q, { f: { minRating: 4 } });
    expect(four.data!.searchProducts.totalCount).toBe(2);
    // The rating facet ignores its own filter.
    expect(four.data!.searchProducts.facets.ratings[3]).toEqual({ minRating: 1, count: 3 });
    const [truth] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from (select product_id from product.reviews group by product_id having avg(rating) >= 4) x`);
    expect(four.data!.searchProducts.totalCount).toBe(truth!.n);
  });

  it('resolves the rating of 24 products with one statement', async () => {
    const reps = searchFixture().map((p) => ({ __typename: 'Product', id: p.id }));
    rt.db.stats.reset();
    const res = await gql<{ _entities: { rating: { count: number } }[] }>(app, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id rating { average count } } } }`, { r: reps });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.reduce((n, e) => n + e.rating.count, 0)).toBe(5);
    expect(rt.db.stats.statements).toBe(2); // products by id, then their ratings
  });
});
