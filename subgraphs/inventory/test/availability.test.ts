import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type InventoryRuntime } from '../src/runtime.ts';
import { buildInventorySubgraph } from '../src/server.ts';
import { hasStock, seedStock } from '../src/seed.ts';
import { EU27, UK1_LEAD_TIMES } from '../src/lead-times.ts';
import { dataset, productId, unstockedId } from './fixtures.ts';

const keys = createTestKeys();
let rt: InventoryRuntime;
let jit: SubgraphHandle;
let noJit: SubgraphHandle;

const ENTITIES = `query($r: [_Any!]!, $c: String) { _entities(representations: $r) { ... on Product { id availability(country: $c) { inStock stockLevel quantityAvailable estimatedDelivery { from to minDays maxDays } } } } }`;
type Estimate = { from: string; to: string; minDays: number; maxDays: number };
type Avail = { inStock: boolean; stockLevel: string; quantityAvailable: number | null; estimatedDelivery?: Estimate | null };
type Entities = { _entities: ({ id: string; availability: Avail | null } | null)[] };

/**
 * The expected availability per product for a country, computed in plain JS from the raw tables (an independent
 * reading of the rule): warehouses with a lead time to the country (its own row, else `*`) count; the estimate is the
 * lead time with the smallest max (then min) days among those with units available.
 */
async function expectedAvailability(country: string): Promise<Map<string, { q: number; lead: [number, number] | null }>> {
  const stockRows = await executeRows<{ id: string; w: string; a: number }>(
    rt.db.db,
    sql`select product_id::text as id, warehouse_code as w, (on_hand - reserved - committed)::int as a from inventory.stock`,
  );
  const leadRows = await executeRows<{ w: string; c: string; min: number; max: number }>(
    rt.db.db,
    sql`select warehouse_code as w, country as c, min_days as min, max_days as max from inventory.lead_times`,
  );
  const leadOf = (w: string) =>
    leadRows.find((l) => l.w === w && l.c === country) ?? leadRows.find((l) => l.w === w && l.c === '*');
  const out = new Map<string, { q: number; lead: [number, number] | null }>();
  for (const r of stockRows) {
    const lead = leadOf(r.w);
    if (!lead) continue;
    const cur = out.get(r.id) ?? { q: 0, lead: null };
    cur.q += Math.max(0, r.a);
    if (r.a > 0 && (!cur.lead || lead.max < cur.lead[1] || (lead.max === cur.lead[1] && lead.min < cur.lead[0]))) cur.lead = [lead.min, lead.max];
    out.set(r.id, cur);
  }
  return out;
}

/** The GraphQL availability the expectation implies (dates from the test clock, 2026-11-21). */
function asAvailability(e: { q: number; lead: [number, number] | null } | undefined): Avail {
  const q = e?.q ?? 0;
  const day = (n: number) => new Date(Date.UTC(2026, 10, 21 + n)).toISOString().slice(0, 10);
  return {
    inStock: q > 0,
    stockLevel: q === 0 ? 'OUT_OF_STOCK' : q < 10 ? 'LOW_STOCK' : 'IN_STOCK',
    quantityAvailable: q,
    estimatedDelivery: q > 0 && e?.lead ? { from: day(e.lead[0]), to: day(e.lead[1]), minDays: e.lead[0], maxDays: e.lead[1] } : null,
  };
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'inventory', schema, migrationsFolder, keys });
  await seedStock(rt, dataset);
  // A second warehouse that ships only to DE (1–2 days) and FR (2–3 days), and some held units, so availability
  // really is Σ(on_hand − reserved − committed) over the warehouses that ship to the country.
  await rt.db.db.execute(sql`insert into inventory.warehouses (code, name, country) values ('DE-1', 'Berlin', 'DE')`);
  await rt.db.db.execute(sql`insert into inventory.lead_times (warehouse_code, country, min_days, max_days) values ('DE-1', 'DE', 1, 2), ('DE-1', 'FR', 2, 3)`);
  await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand, reserved, committed) values (${productId(1)}, 'DE-1', 7, 1, 0)`);
  await rt.db.db.execute(sql`update inventory.stock set reserved = 3, committed = 4 where product_id = ${productId(1)} and warehouse_code = 'UK-1'`);
  // Product 3 has nothing in UK-1 but 4 units in DE-1; product 4 has a DE-1 row with nothing available.
  await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand, reserved, committed) values (${productId(3)}, 'DE-1', 4, 0, 0), (${productId(4)}, 'DE-1', 2, 1, 1)`);
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

describe('lead times', () => {
  it('seeds UK-1: GB 1–2 days, each EU-27 country 3–5, US 5–8, everywhere else 7–14', async () => {
    const rows = await executeRows<{ country: string; min_days: number; max_days: number }>(
      rt.db.db,
      sql`select country, min_days, max_days from inventory.lead_times where warehouse_code = 'UK-1' order by country`,
    );
    expect(rows).toHaveLength(1 + 27 + 1 + 1);
    expect(EU27).toHaveLength(27);
    const by = new Map(rows.map((r) => [r.country, [r.min_days, r.max_days]]));
    expect(by.get('GB')).toEqual([1, 2]);
    for (const c of EU27) expect(by.get(c)).toEqual([3, 5]);
    expect(by.get('US')).toEqual([5, 8]);
    expect(by.get('*')).toEqual([7, 14]);
    expect(by.has('CH')).toBe(false); // not EU: the `*` row applies
  });

  it('migration 0002 installs the same UK-1 rows for databases seeded before lead times existed', async () => {
    const file = readFileSync(new URL('../drizzle/0002_uk1_lead_times.sql', import.meta.url), 'utf8');
    const before = await executeRows(rt.db.db, sql`select * from inventory.lead_times where warehouse_code = 'UK-1' order by country`);
    await rt.db.db.execute(sql`delete from inventory.lead_times where warehouse_code = 'UK-1'`);
    await rt.db.db.execute(sql.raw(file));
    const after = await executeRows(rt.db.db, sql`select * from inventory.lead_times where warehouse_code = 'UK-1' order by country`);
    expect(after).toEqual(before);
    expect(after.map((r) => (r as { country: string }).country).sort()).toEqual(UK1_LEAD_TIMES.map((l) => l.country).sort());
  });
});

describe('warehouses', () => {
  type W = { code: string; name: string; country: string; leadTimes: { country: string; minDays: number; maxDays: number }[] };
  const Q = `query($c: String) { warehouses(country: $c) { code name country leadTimes { country minDays maxDays } } }`;

  it('lists the warehouses with their lead times (`*` last) in two statements', async () => {
    rt.db.stats.reset();
    const res = await gql<{ warehouses: W[] }>(jit.app, Q);
    expect(res.errors).toBeUndefined();
    expect(rt.db.stats.statements).toBe(2);
    const rows = await executeRows<{ code: string; name: string; country: string }>(rt.db.db, sql`select code, name, country from inventory.warehouses order by code`);
    expect(res.data?.warehouses.map(({ leadTimes: _l, ...w }) => w)).toEqual(rows);
    const de = res.data?.warehouses.find((w) => w.code === 'DE-1');
    expect(de?.leadTimes).toEqual([{ country: 'DE', minDays: 1, maxDays: 2 }, { country: 'FR', minDays: 2, maxDays: 3 }]);
    const uk = res.data?.warehouses.find((w) => w.code === 'UK-1');
    expect(uk?.leadTimes).toHaveLength(UK1_LEAD_TIMES.length);
    expect(uk?.leadTimes.at(-1)).toEqual({ country: '*', minDays: 7, maxDays: 14 });
  });

  it('filters by the country a warehouse is in', async () => {
    const de = await gql<{ warehouses: W[] }>(jit.app, Q, { c: 'DE' });
    expect(de.data?.warehouses.map((w) => w.code)).toEqual(['DE-1']);
    const none = await gql<{ warehouses: W[] }>(jit.app, Q, { c: 'JP' });
    expect(none.data?.warehouses).toEqual([]);
    const bad = await gql<{ warehouses: W[] }>(jit.app, Q, { c: 'de' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Product.availability', () => {
  const one = (id: string, country?: string) =>
    `{ _entities(representations: [{ __typename: "Product", id: "${id}" }]) { ... on Product { availability${country ? `(country: "${country}")` : ''} { inStock stockLevel quantityAvailable } } } }`;
  const reps = (ns: number[]) => ns.map((n) => ({ __typename: 'Product', id: productId(n) }));
  const day = (n: number) => new Date(Date.UTC(2026, 10, 21 + n)).toISOString().slice(0, 10);

  it('counts only warehouses that ship to the country and dates the quickest one with stock', async () => {
    const q = async (c: string) => (await gql<Entities>(jit.app, ENTITIES, { r: reps([1, 3, 4]), c })).data?._entities.map((e) => e?.availability);
    // Product 1: UK-1 25 − 3 − 4 = 18, DE-1 7 − 1 = 6. Product 3: only DE-1 (4). Product 4: UK-1 14, DE-1 nothing free.
    expect(await q('GB')).toEqual([
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: 18, estimatedDelivery: { from: day(1), to: day(2), minDays: 1, maxDays: 2 } },
      { inStock: false, stockLevel: 'OUT_OF_STOCK', quantityAvailable: 0, estimatedDelivery: null },
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: 14, estimatedDelivery: { from: day(1), to: day(2), minDays: 1, maxDays: 2 } },
    ]);
    expect(await q('DE')).toEqual([
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: 24, estimatedDelivery: { from: day(1), to: day(2), minDays: 1, maxDays: 2 } },
      { inStock: true, stockLevel: 'LOW_STOCK', quantityAvailable: 4, estimatedDelivery: { from: day(1), to: day(2), minDays: 1, maxDays: 2 } },
      // DE-1 has nothing free for product 4, so it comes from UK-1 in 3–5 days.
      { inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: 14, estimatedDelivery: { from: day(3), to: day(5), minDays: 3, maxDays: 5 } },
    ]);
    expect((await q('FR'))?.[0]?.estimatedDelivery).toEqual({ from: day(2), to: day(3), minDays: 2, maxDays: 3 });
    expect((await q('US'))?.map((a) => a?.estimatedDelivery?.minDays ?? null)).toEqual([5, null, 5]);
    // Japan: only UK-1's `*` row applies.
    expect((await q('JP'))?.[0]).toEqual({ inStock: true, stockLevel: 'IN_STOCK', quantityAvailable: 18, estimatedDelivery: { from: day(7), to: day(14), minDays: 7, maxDays: 14 } });
  });

  it('matches an independent computation from the tables for every product and several countries', async () => {
    const ids = [...dataset.products.map((p) => p.id), unstockedId];
    for (const c of ['GB', 'DE', 'FR', 'US', 'CH']) {
      const expected = await expectedAvailability(c);
      const res = await gql<Entities>(jit.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })), c });
      expect(res.errors).toBeUndefined();
      expect(res.data?._entities.map((e) => e?.availability)).toEqual(ids.map((id) => asAvailability(expected.get(id))));
    }
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

  it('takes the country from the argument, else the token, else GB', async () => {
    // Product 3 is only in DE-1, which ships to DE and FR.
    expect((await gql<Entities>(jit.app, one(productId(3), 'DE'))).data?._entities[0]?.availability?.quantityAvailable).toBe(4);
    const fr = await gql<Entities>(jit.app, one(productId(3)), {}, await userHeaders(keys, { id: '20000000-0000-4000-8000-000000000001', country: 'FR' }));
    expect(fr.errors).toBeUndefined();
    expect(fr.data?._entities[0]?.availability).toEqual({ inStock: true, stockLevel: 'LOW_STOCK', quantityAvailable: 4 });
    const anonymous = await gql<Entities>(jit.app, one(productId(3)));
    expect(anonymous.data?._entities[0]?.availability).toEqual({ inStock: false, stockLevel: 'OUT_OF_STOCK', quantityAvailable: 0 });
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
    it(`resolves 24 products (with delivery estimates) with ONE SQL statement ${label}`, async () => {
      const expected = await expectedAvailability('DE');
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle().app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })), c: 'DE' });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.errors).toBeUndefined();
        expect(res.data?._entities.map((e) => e?.id)).toEqual(ids);
        expect(res.data?._entities.map((e) => e?.availability)).toEqual(ids.map((id) => asAvailability(expected.get(id))));
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
