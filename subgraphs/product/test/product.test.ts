import { createTestKeys, gql, openTestRuntime, serviceHeaders } from '@emporium/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { seedProducts } from '../src/seed.ts';
import { buildProductSubgraph } from '../src/server.ts';
import { sampleProducts } from './fixtures.ts';

const keys = createTestKeys();
let rt: ProductRuntime;
const products = sampleProducts(30);

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys });
  await seedProducts(rt, { products });
});
afterAll(async () => {
  await rt?.close();
});

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $sort: ProductSort) {
    products(first: $first, after: $after, sort: $sort) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id sku title category { name path parent { name } } brand { name } derivedFields } }
    }
  }
`;

describe.each([true, false])('product subgraph (jit %s)', (jit) => {
  it.each([
    ['NEWEST', (a: (typeof products)[number], b: (typeof products)[number]) => b.firstSoldAt.getTime() - a.firstSoldAt.getTime()],
    ['FEATURED', (a: (typeof products)[number], b: (typeof products)[number]) => b.unitsSold - a.unitsSold || (a.id < b.id ? 1 : -1)],
  ] as const)('pages through the whole catalog in %s order without gaps or duplicates', async (sort, compare) => {
    const { app } = await buildProductSubgraph(rt, { jit });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: Awaited<ReturnType<typeof gql<{ products: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { sku: string } }[] } }>>> =
        await gql(app, PAGE, { first: 7, after, sort });
      expect(res.errors).toBeUndefined();
      const conn = res.data!.products;
      expect(conn.totalCount).toBe(30);
      seen.push(...conn.edges.map((e) => e.node.sku));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([...products].sort(compare).map((p) => p.sku));
    await app.close();
  });

  it('resolves 24 product references with one SQL statement', async () => {
    const { app } = await buildProductSubgraph(rt, { jit });
    const reps = products.slice(0, 24).map((p) => ({ __typename: 'Product', id: p.id }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id sku title brand { name } category { slug } } } }`;
    for (let i = 0; i < 3; i++) {
      rt.db.stats.reset();
      const res = await gql<{ _entities: { id: string; sku: string; brand: { name: string } }[] }>(app, query, { r: reps });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e) => e.sku)).toEqual(products.slice(0, 24).map((p) => p.sku));
      expect(res.data!._entities[1]!.brand.name).toBe(products[1]!.brand);
      expect(rt.db.stats.statements).toBe(1);
    }
    await app.close();
  });
});

describe('product lookups and input errors', () => {
  it('finds a product by id, sku and slug, and null for unknown ones', async () => {
    const { app } = await buildProductSubgraph(rt);
    const p = products[5]!;
    const q = `query($id: ID, $sku: String, $slug: String) { product(id: $id, sku: $sku, slug: $slug) { id sku slug } }`;
    for (const vars of [{ id: p.id }, { sku: p.sku.toLowerCase() }, { slug: p.slug }]) {
      const res = await gql<{ product: { id: string } | null }>(app, q, vars);
      expect(res.data!.product?.id).toBe(p.id);
    }
    expect((await gql<{ product: null }>(app, q, { id: 'not-a-uuid' })).data!.product).toBeNull();
    expect((await gql<{ product: null }>(app, q, { sku: 'NOPE' })).data!.product).toBeNull();
    await app.close();
  });

  it('rejects bad arguments with BAD_USER_INPUT and never leaks internals', async () => {
    const { app } = await buildProductSubgraph(rt);
    const both = await gql(app, `{ product(id: "${products[0]!.id}", sku: "x") { id } }`);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await gql(app, `{ products(first: 101) { totalCount } }`);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const first = await gql<{ products: { pageInfo: { endCursor: string } } }>(app, `{ products(first: 2, sort: NEWEST) { pageInfo { endCursor } } }`);
    const crossed = await gql(app, PAGE, { after: first.data!.products.pageInfo.endCursor, sort: 'FEATURED' });
    expect(crossed.errors?.[0]).toMatchObject({ message: 'after is a cursor of the NEWEST order, not FEATURED.', extensions: { code: 'BAD_USER_INPUT' } });
    const badCursor = await gql(app, `{ products(after: "garbage") { totalCount } }`);
    expect(badCursor.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(badCursor)).not.toMatch(/stack|select |at .*\.ts/i);
    await app.close();
  });

  it('builds the category tree from the seeded paths', async () => {
    const { app } = await buildProductSubgraph(rt);
    const res = await gql<{ categories: { name: string; children: { name: string; path: string[] }[] }[] }>(
      app,
      `{ categories { name children { name path } } }`,
    );
    expect(res.data!.categories.map((c) => c.name).sort()).toEqual(['Home & Living', 'Kitchen & Dining']);
    const home = res.data!.categories.find((c) => c.name === 'Home & Living')!;
    expect(home.children).toEqual([{ name: 'Candles & Lighting', path: ['Home & Living', 'Candles & Lighting'] }]);
    await app.close();
  });

  it('refuses a forged access token with 401 and ignores plain identity headers', async () => {
    const { app } = await buildProductSubgraph(rt);
    const forged = await gql(app, `{ products(first: 1) { totalCount } }`, {}, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const other = createTestKeys();
    const wrongKey = await gql(app, `{ products(first: 1) { totalCount } }`, {}, await serviceHeaders(other, 'gateway'));
    expect(wrongKey.status).toBe(401);
    await app.close();
  });

  it('re-seeding is idempotent', async () => {
    await seedProducts(rt, { products });
    const { app } = await buildProductSubgraph(rt);
    const res = await gql<{ products: { totalCount: number } }>(app, `{ products(first: 0) { totalCount } }`);
    expect(res.data!.products.totalCount).toBe(30);
    await app.close();
  });
});
