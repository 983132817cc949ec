import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type InventoryRuntime } from '../src/runtime.ts';
import { buildInventorySubgraph } from '../src/server.ts';
import { hasStock, seedStock } from '../src/seed.ts';
import { dataset, productId, unstockedId } from './fixtures.ts';

const keys = createTestKeys();
let rt: InventoryRuntime;
let jit: SubgraphHandle;
let noJit: SubgraphHandle;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id availability { inStock stockLevel quantityAvailable } } } }`;
type Avail = { inStock: boolean; stockLevel: string; quantityAvailable: number | null };
type Entities = { _entities: ({ id: string; availability: Avail | null } | null)[] };

/** Available units per product straight from the table (the expected values). */
async function expectedAvailable(): Promise<Map<string, number>> {
  const rows = await executeRows<{ id: string; q: number }>(
    rt.db.db,
    sql`select product_id::text as id, sum(on_hand - reserved - committed)::int as q from inventory.stock group by product_id`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.q)]));
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'inventory', schema, migrationsFolder, keys });
  await seedStock(rt, dataset);
  // A second warehouse and some held units, so the sum really is Σ(on_hand − reserved − committed).
  await rt.db.db.execute(sql`insert into inventory.warehouses (code, name, country) values ('DE-1', 'Berlin', 'DE')`);
  await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand, reserved, committed) values (${productId(1)}, 'DE-1', 7, 1, 0)`);
  await rt.db.db.execute(sql`update inventory.stock set reserved = 3, committed = 4 where product_id = ${productId(1)} and warehouse_code = 'UK-1'`);
  jit = await buildInventorySubgraph(rt);
  noJit = await buildInventorySubgraph(rt, { jit: false });
}, 60_000);

afterAll(async () => {
  await jit?.stop();
  await noJit?.stop();
  await rt?.close();
});

describe('seed', () => {
  it('creates UK-1 and one stock row per product from quantityOnHand, and is idempotent', async () => {
    expect(await hasStock(rt)).toBe(true);
    const calls: [number, number][] = [];
    const again = await seedStock(rt, dataset, (done, total) => calls.push([done, total]));
    expect(again.stock).toBe(0);
    expect(calls.at(-1)).toEqual([24, 24]);
    const [row] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from inventory.stock where warehouse_code = 'UK-1'`);
    expect(Number(row?.n)).toBe(dataset.products.length);
    const [p2] = await executeRows<{ on_hand: number }>(rt.db.db, sql`select on_hand from inventory.stock where product_id = ${productId(2)}`);
    expect(p2?.on_hand).toBe(5);
  });
});

describe('warehouses', () => {
  it('lists the warehouses in the table', async () => {
    const res = await gql<{ warehouses: { code: string; name: string; country: string }[] }>(jit.app, '{ warehouses { code name country } }');
    expect(res.errors).toBeUndefined();
    const rows = await executeRows<{ code: string; name: string; country: string }>(rt.db.db, sql`select code, name, country from inventory.warehouses order by code`);
    expect(res.data?.warehouses).toEqual(rows);
    expect(res.data?.warehouses).toContainEqual({ code: 'UK-1', name: 'Emporium UK warehouse', country: 'GB' });
  });
});

describe('Product.availability', () => {
  const one = (id: string, country?: string) =>
    `{ _entities(representations: [{ __typename: "Product", id: "${id}" }]) { ... on Product { availability${country ? `(country: "${country}")` : ''} { inStock stockLevel quantityAvailable } } } }`;

  it('sums available units over warehouses and derives the stock level', async () => {
    const expected = await expectedAvailable();
    expect(expected.get(productId(1))).toBe(25 - 3 - 4 + 7 - 1);
    const res = await gql<Entities>(jit.app, ENTITIES, { r: [1, 2, 3, 4].map((n) => ({ __typename: 'Product', id: productId(n) })) });
    expect(res.errors).toBeUndefined();
    const got = res.data?._entities.map((e) => e?.availability);
    expect(got).toEqual([
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: expected.get(productId(1)) },
      { inStock: true, stockLevel: 'LOW_STOCK', quantityAvailable: 5 },
      { inStock: false, stockLevel: 'OUT_OF_STOCK', quantityAvailable: 0 },
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: expected.get(productId(4)) },
    ]);
  });

  it('treats a product without stock rows as out of stock with 0', async () => {
    const res = await gql<Entities>(jit.app, one(unstockedId));
    expect(res.data?._entities[0]?.availability).toEqual({ inStock: false, stockLevel: 'OUT_OF_STOCK', quantityAvailable: 0 });
  });

  it('answers null for a reference whose id is not a UUID, without SQL', async () => {
    rt.db.stats.reset();
    const res = await gql<Entities>(jit.app, one('not-a-uuid'));
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([null]);
    expect(rt.db.stats.statements).toBe(0);
  });

  it('accepts an ISO-2 country, from the argument or the token', async () => {
    expect((await gql<Entities>(jit.app, one(productId(2), 'DE'))).data?._entities[0]?.availability?.quantityAvailable).toBe(5);
    const headers = await userHeaders(keys, { id: '20000000-0000-4000-8000-000000000001', country: 'FR' });
    const res = await gql<Entities>(jit.app, one(productId(2)), {}, headers);
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.availability?.stockLevel).toBe('LOW_STOCK');
  });

  it.each(['gb', 'GBR', 'G1', ''])('rejects country "%s" with BAD_USER_INPUT', async (country) => {
    const res = await gql<Entities>(jit.app, `query($c: String) { _entities(representations: [{ __typename: "Product", id: "${productId(1)}" }]) { ... on Product { availability(country: $c) { inStock } } } }`, { c: country });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data?._entities[0]?.availability ?? null).toBeNull();
  });
});

describe('_entities batching', () => {
  const ids = dataset.products.map((p) => p.id);

  for (const [label, handle] of [
    ['with graphql-jit', () => jit],
    ['without graphql-jit', () => noJit],
  ] as const) {
    it(`resolves 24 products with ONE SQL statement ${label}`, async () => {
      const expected = await expectedAvailable();
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle().app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.errors).toBeUndefined();
        expect(res.data?._entities.map((e) => e?.id)).toEqual(ids);
        expect(res.data?._entities.map((e) => e?.availability?.quantityAvailable)).toEqual(ids.map((id) => expected.get(id)));
      }
    });
  }
});

describe('identity', () => {
  it('rejects a forged service token with 401 UNAUTHENTICATED', async () => {
    const forged = await serviceHeaders(createTestKeys(), 'product');
    const res = await gql(jit.app, '{ warehouses { code } }', {}, forged);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a malformed bearer token with 401 UNAUTHENTICATED', async () => {
    const res = await gql(jit.app, '{ warehouses { code } }', {}, { authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
