import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import type { InventoryRuntime } from '../src/runtime.ts';
import { buildInventorySubgraph } from '../src/server.ts';
import { seedStock } from '../src/seed.ts';
import { sweepExpiredReservations } from '../src/reservations.ts';
import { dataset, productId } from './fixtures.ts';
import { openInventoryTestRuntime } from './runtime.ts';

const keys = createTestKeys();
let rt: InventoryRuntime & { clock: { set(d: Date | string): void; advance(ms: number): void } };
let handle: SubgraphHandle;
let service: Record<string, string>;

const RESERVE = `mutation($lines: [ReservationLineInput!]!, $ref: String!, $ttl: Int, $country: String) {
  reserveStock(lines: $lines, reference: $ref, ttlSeconds: $ttl, country: $country) {
    __typename
    ... on Reservation { reference status country createdAt expiresAt lines { productId warehouseCode quantity } }
    ... on InsufficientStock { code message shortages { productId requested available } }
  }
}`;
const COMMIT = `mutation($ref: String!) { commitReservation(reference: $ref) { reference status lines { productId warehouseCode quantity } } }`;
const RELEASE = `mutation($ref: String!) { releaseReservation(reference: $ref) { reference status lines { productId quantity } } }`;
const READ = `query($ref: String!) { reservation(reference: $ref) { reference status expiresAt lines { productId quantity } } }`;

type Line = { productId: string; warehouseCode?: string; quantity: number };
type ReserveResult =
  | { __typename: 'Reservation'; reference: string; status: string; country: string | null; createdAt: string; expiresAt: string; lines: Line[] }
  | { __typename: 'InsufficientStock'; code: string; message: string; shortages: { productId: string; requested: number; available: number }[] };
type Reserve = { reserveStock: ReserveResult | null };
type Closed = { reference: string; status: string; lines: Line[] };

const reserve = (lines: Line[], ref: string, extra: { ttl?: number; country?: string } = {}, headers = service) =>
  gql<Reserve>(handle.app, RESERVE, { lines, ref, ...extra }, headers);
const commit = (ref: string, headers = service) => gql<{ commitReservation: Closed | null }>(handle.app, COMMIT, { ref }, headers);
const release = (ref: string, headers = service) => gql<{ releaseReservation: Closed | null }>(handle.app, RELEASE, { ref }, headers);

type StockRow = { product_id: string; warehouse_code: string; on_hand: number; reserved: number; committed: number };
const stockOf = async (n: number | string, warehouse = 'UK-1') =>
  (
    await executeRows<StockRow>(
      rt.db.db,
      sql`select product_id::text, warehouse_code, on_hand, reserved, committed from inventory.stock where product_id = ${typeof n === 'number' ? productId(n) : n} and warehouse_code = ${warehouse}`,
    )
  )[0];
const outboxCount = async () => Number((await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from inventory.outbox`))[0]?.n);
const lastEvents = async (k: number) =>
  (await executeRows<{ payload: { productId: string; quantityAvailable: number; stockLevel: string } }>(rt.db.db, sql`select payload from inventory.outbox order by seq desc limit ${k}`))
    .map((r) => r.payload)
    .reverse();

/**
 * The bookkeeping invariant, checked straight from the tables: for every stock row, `reserved` is the sum of its HELD
 * reservation lines, `committed` the sum of its COMMITTED lines (the test products start with nothing committed),
 * and on hand − reserved − committed is never negative.
 */
async function expectInvariant() {
  const rows = await executeRows<{ product_id: string; warehouse_code: string; on_hand: number; reserved: number; committed: number; held: number; sold: number }>(
    rt.db.db,
    sql`select s.product_id::text, s.warehouse_code, s.on_hand, s.reserved, s.committed,
      coalesce((select sum(l.quantity) from inventory.reservation_lines l join inventory.reservations r on r.id = l.reservation_id
        where l.product_id = s.product_id and l.warehouse_code = s.warehouse_code and r.status = 'HELD'), 0)::int as held,
      coalesce((select sum(l.quantity) from inventory.reservation_lines l join inventory.reservations r on r.id = l.reservation_id
        where l.product_id = s.product_id and l.warehouse_code = s.warehouse_code and r.status = 'COMMITTED'), 0)::int as sold
    from inventory.stock s`,
  );
  for (const r of rows) {
    expect({ row: `${r.product_id}@${r.warehouse_code}`, reserved: r.reserved, committed: r.committed }).toEqual({
      row: `${r.product_id}@${r.warehouse_code}`,
      reserved: r.held,
      committed: r.sold,
    });
    expect(r.on_hand - r.reserved - r.committed).toBeGreaterThanOrEqual(0);
  }
}

beforeAll(async () => {
  rt = await openInventoryTestRuntime(keys, 10);
  await seedStock(rt, dataset);
  // DE-1 ships only to DE (1–2 days); product 3 is only there, product 1 is in both.
  await rt.db.db.execute(sql`insert into inventory.warehouses (code, name, country) values ('DE-1', 'Berlin', 'DE')`);
  await rt.db.db.execute(sql`insert into inventory.lead_times (warehouse_code, country, min_days, max_days) values ('DE-1', 'DE', 1, 2)`);
  await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand) values (${productId(3)}, 'DE-1', 6), (${productId(1)}, 'DE-1', 4)`);
  handle = await buildInventorySubgraph(rt);
  service = await serviceHeaders(keys, 'order');
}, 120_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('service-only operations', () => {
  it('are refused without a service token (FORBIDDEN), also for a signed-in admin, and change nothing', async () => {
    const admin = await userHeaders(keys, { id: productId(900), roles: ['admin'] });
    const before = await stockOf(5);
    for (const headers of [{}, admin]) {
      expect((await reserve([{ productId: productId(5), quantity: 1 }], 'forbidden-1', {}, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await commit('forbidden-1', headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await release('forbidden-1', headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await gql(handle.app, READ, { ref: 'forbidden-1' }, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await stockOf(5)).toEqual(before);
  });

  it('are refused with a forged service token (401)', async () => {
    const res = await reserve([{ productId: productId(5), quantity: 1 }], 'forged-1', {}, await serviceHeaders(createTestKeys(), 'order'));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('are @inaccessible: in the supergraph, absent from the API schema the gateway serves', () => {
    const root = new URL('../../../schema/', import.meta.url);
    const supergraph = readFileSync(new URL('supergraph.graphql', root), 'utf8');
    const api = readFileSync(new URL('api.graphql', root), 'utf8');
    for (const name of ['reserveStock', 'commitReservation', 'releaseReservation', 'importStock']) {
      expect(supergraph).toMatch(new RegExp(`${name}\\(.*@inaccessible`));
      expect(api).not.toContain(name);
    }
    for (const type of ['Reservation', 'ReservationStatus', 'InsufficientStock', 'ReserveResult', 'ReservationLineInput', 'StockShortage']) {
      expect(api).not.toMatch(new RegExp(`\\b(type|enum|union|input) ${type}\\b`));
    }
  });
});

describe('reserveStock', () => {
  it('holds every line, records it, and publishes stock.changed per product in the same transaction', async () => {
    const events = await outboxCount();
    const res = await reserve([{ productId: productId(6), quantity: 2 }, { productId: productId(5), quantity: 3 }], 'order-1', { ttl: 600 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.reserveStock).toEqual({
      __typename: 'Reservation',
      reference: 'order-1',
      status: 'HELD',
      country: null,
      createdAt: TEST_NOW,
      expiresAt: new Date(Date.parse(TEST_NOW) + 600_000).toISOString(),
      lines: [
        { productId: productId(5), warehouseCode: 'UK-1', quantity: 3 },
        { productId: productId(6), warehouseCode: 'UK-1', quantity: 2 },
      ],
    });
    expect(await stockOf(5)).toMatchObject({ on_hand: 15, reserved: 3, committed: 0 });
    expect(await stockOf(6)).toMatchObject({ on_hand: 16, reserved: 2, committed: 0 });
    expect(await outboxCount()).toBe(events + 2);
    expect(await lastEvents(2)).toEqual([
      { productId: productId(5), quantityAvailable: 12, stockLevel: 'IN_STOCK' },
      { productId: productId(6), quantityAvailable: 14, stockLevel: 'IN_STOCK' },
    ]);
    const read = await gql<{ reservation: { status: string } | null }>(handle.app, READ, { ref: 'order-1' }, service);
    expect(read.data?.reservation?.status).toBe('HELD');
    expect((await gql<{ reservation: unknown }>(handle.app, READ, { ref: 'no-such' }, service)).data?.reservation).toBeNull();
    await expectInvariant();
  });

  it('reserves nothing when one line is short, and answers a typed INSUFFICIENT_STOCK result (not an error)', async () => {
    const before = [await stockOf(7), await stockOf(2)];
    const events = await outboxCount();
    const res = await reserve([{ productId: productId(7), quantity: 1 }, { productId: productId(2), quantity: 6 }], 'order-short');
    expect(res.errors).toBeUndefined();
    expect(res.data?.reserveStock).toMatchObject({
      __typename: 'InsufficientStock',
      code: 'INSUFFICIENT_STOCK',
      shortages: [{ productId: productId(2), requested: 6, available: 5 }],
    });
    expect((res.data?.reserveStock as { message: string }).message).toMatch(/Nothing was reserved/);
    expect([await stockOf(7), await stockOf(2)]).toEqual(before);
    expect(await outboxCount()).toBe(events);
    const [row] = await executeRows(rt.db.db, sql`select 1 from inventory.reservations where reference = 'order-short'`);
    expect(row).toBeUndefined();
    // The reference was not used up: the same reference can reserve what is there.
    const retry = await reserve([{ productId: productId(7), quantity: 1 }, { productId: productId(2), quantity: 5 }], 'order-short');
    expect(retry.data?.reserveStock?.__typename).toBe('Reservation');
    await release('order-short');
  });

  it('is idempotent per reference: the same lines answer the same reservation, other lines are a CONFLICT', async () => {
    const lines = [{ productId: productId(8), quantity: 4 }];
    const first = await reserve(lines, 'order-idem');
    const events = await outboxCount();
    const again = await reserve(lines, 'order-idem', { ttl: 5 });
    expect(again.data?.reserveStock).toEqual(first.data?.reserveStock);
    expect((await stockOf(8))?.reserved).toBe(4);
    expect(await outboxCount()).toBe(events);
    const other = await reserve([{ productId: productId(8), quantity: 5 }], 'order-idem');
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await stockOf(8))?.reserved).toBe(4);
    // Concurrent retries of one reference reserve once.
    const burst = await Promise.all(Array.from({ length: 8 }, () => reserve([{ productId: productId(9), quantity: 2 }], 'order-burst')));
    expect(burst.every((r) => r.data?.reserveStock?.__typename === 'Reservation')).toBe(true);
    expect((await stockOf(9))?.reserved).toBe(2);
    await expectInvariant();
  });

  it('uses only warehouses that ship to the country, quickest first', async () => {
    // Product 3 is only in DE-1 (ships to DE only).
    const gb = await reserve([{ productId: productId(3), quantity: 1 }], 'order-gb', { country: 'GB' });
    expect(gb.data?.reserveStock).toMatchObject({ __typename: 'InsufficientStock', shortages: [{ productId: productId(3), requested: 1, available: 0 }] });
    const de = await reserve([{ productId: productId(3), quantity: 2 }, { productId: productId(1), quantity: 1 }], 'order-de', { country: 'DE' });
    expect(de.data?.reserveStock).toMatchObject({
      __typename: 'Reservation',
      country: 'DE',
      // DE-1 delivers to DE in 1–2 days, UK-1 in 3–5: both lines come from DE-1.
      lines: [
        { productId: productId(1), warehouseCode: 'DE-1', quantity: 1 },
        { productId: productId(3), warehouseCode: 'DE-1', quantity: 2 },
      ],
    });
    // Without a country any warehouse may serve; the one with most available goes first (UK-1 has 25 of product 1).
    const any = await reserve([{ productId: productId(1), quantity: 5 }], 'order-any');
    expect(any.data?.reserveStock).toMatchObject({ lines: [{ productId: productId(1), warehouseCode: 'UK-1', quantity: 5 }] });
    // A line is served by one warehouse: 4 in DE-1 − 1 reserved = 3, so 4 units for DE come from UK-1 (3–5 days).
    const split = await reserve([{ productId: productId(1), quantity: 4 }], 'order-de-2', { country: 'DE' });
    expect(split.data?.reserveStock).toMatchObject({ lines: [{ warehouseCode: 'UK-1', quantity: 4 }] });
    for (const ref of ['order-de', 'order-any', 'order-de-2']) await release(ref);
    await expectInvariant();
  });

  const bad: [string, Line[], Record<string, unknown>][] = [
    ['a zero quantity', [{ productId: productId(10), quantity: 0 }], {}],
    ['a negative quantity', [{ productId: productId(10), quantity: -2 }], {}],
    ['no lines', [], {}],
    ['more than 100 lines', Array.from({ length: 101 }, (_, i) => ({ productId: productId(1000 + i), quantity: 1 })), {}],
    ['a non-UUID product id', [{ productId: 'SKU-1', quantity: 1 }], {}],
    ['the same product twice', [{ productId: productId(10), quantity: 1 }, { productId: productId(10).toUpperCase(), quantity: 1 }], {}],
    ['ttlSeconds 0', [{ productId: productId(10), quantity: 1 }], { ttl: 0 }],
    ['ttlSeconds above a day', [{ productId: productId(10), quantity: 1 }], { ttl: 86_401 }],
    ['a lower-case country', [{ productId: productId(10), quantity: 1 }], { country: 'gb' }],
    ['an empty reference', [{ productId: productId(10), quantity: 1 }], { ref: '   ' }],
  ];
  it.each(bad)('rejects %s with BAD_USER_INPUT naming the argument, changing nothing', async (_label, lines, extra) => {
    const before = await executeRows(rt.db.db, sql`select product_id, warehouse_code, reserved from inventory.stock order by 1, 2`);
    const events = await outboxCount();
    const res = await gql<Reserve>(handle.app, RESERVE, { lines, ref: 'order-bad', ...extra }, service);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).not.toMatch(/select|update|insert|at .*\.ts/i);
    expect(await executeRows(rt.db.db, sql`select product_id, warehouse_code, reserved from inventory.stock order by 1, 2`)).toEqual(before);
    expect(await outboxCount()).toBe(events);
  });
});

describe('commitReservation and releaseReservation', () => {
  it('commit moves held units to committed, once; release after commit changes nothing', async () => {
    await reserve([{ productId: productId(11), quantity: 3 }], 'order-c');
    const events = await outboxCount();
    const res = await commit('order-c');
    expect(res.errors).toBeUndefined();
    expect(res.data?.commitReservation).toMatchObject({ reference: 'order-c', status: 'COMMITTED' });
    expect(await stockOf(11)).toMatchObject({ on_hand: 21, reserved: 0, committed: 3 });
    expect(await outboxCount()).toBe(events + 1);
    expect(await lastEvents(1)).toEqual([{ productId: productId(11), quantityAvailable: 18, stockLevel: 'IN_STOCK' }]);
    expect((await commit('order-c')).data?.commitReservation?.status).toBe('COMMITTED');
    expect((await release('order-c')).data?.releaseReservation?.status).toBe('COMMITTED');
    expect(await stockOf(11)).toMatchObject({ reserved: 0, committed: 3 });
    expect(await outboxCount()).toBe(events + 1);
    await expectInvariant();
  });

  it('release gives held units back, once; commit after release changes nothing', async () => {
    await reserve([{ productId: productId(12), quantity: 2 }], 'order-r');
    expect((await stockOf(12))?.reserved).toBe(2);
    const res = await release('order-r');
    expect(res.data?.releaseReservation).toMatchObject({ status: 'RELEASED', lines: [{ productId: productId(12), quantity: 2 }] });
    expect(await stockOf(12)).toMatchObject({ reserved: 0, committed: 0 });
    expect(await lastEvents(1)).toEqual([{ productId: productId(12), quantityAvailable: 22, stockLevel: 'IN_STOCK' }]);
    expect((await release('order-r')).data?.releaseReservation?.status).toBe('RELEASED');
    expect((await commit('order-r')).data?.commitReservation?.status).toBe('RELEASED');
    expect(await stockOf(12)).toMatchObject({ reserved: 0, committed: 0 });
    // A released reference is used up: reserving it again answers the released reservation.
    expect((await reserve([{ productId: productId(12), quantity: 2 }], 'order-r')).data?.reserveStock).toMatchObject({ status: 'RELEASED' });
    expect((await stockOf(12))?.reserved).toBe(0);
  });

  it('answers NOT_FOUND for an unknown reference', async () => {
    expect((await commit('nope')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await release('nope')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('returnReservation and shipReservation', () => {
  const RETURN = `mutation($ref: String!) { returnReservation(reference: $ref) { reference status } }`;
  const SHIP = `mutation($ref: String!) { shipReservation(reference: $ref) { reference status } }`;
  const settle = (q: string, ref: string, headers = service) => gql<Record<string, Closed | null>>(handle.app, q, { ref }, headers);

  it('return gives committed units back for sale, once; only COMMITTED reservations are returned', async () => {
    await reserve([{ productId: productId(16), quantity: 4 }], 'order-ret');
    // A HELD reservation is not returned (release is for that).
    expect((await settle(RETURN, 'order-ret')).data?.returnReservation?.status).toBe('HELD');
    await commit('order-ret');
    expect(await stockOf(16)).toMatchObject({ on_hand: 26, reserved: 0, committed: 4 });
    const res = await settle(RETURN, 'order-ret');
    expect(res.data?.returnReservation).toEqual({ reference: 'order-ret', status: 'RETURNED' });
    expect(await stockOf(16)).toMatchObject({ on_hand: 26, reserved: 0, committed: 0 });
    expect(await lastEvents(1)).toEqual([{ productId: productId(16), quantityAvailable: 26, stockLevel: 'IN_STOCK' }]);
    const events = await outboxCount();
    expect((await settle(RETURN, 'order-ret')).data?.returnReservation?.status).toBe('RETURNED');
    expect((await settle(SHIP, 'order-ret')).data?.shipReservation?.status).toBe('RETURNED');
    expect(await stockOf(16)).toMatchObject({ on_hand: 26, committed: 0 });
    expect(await outboxCount()).toBe(events);
    await expectInvariant();
  });

  it('ship takes committed units out of the warehouse, once; a shipped reservation cannot be returned', async () => {
    await reserve([{ productId: productId(17), quantity: 2 }], 'order-ship');
    await commit('order-ship');
    const concurrent = await Promise.all([settle(SHIP, 'order-ship'), settle(SHIP, 'order-ship')]);
    expect(concurrent.map((r) => r.data?.shipReservation?.status)).toEqual(['SHIPPED', 'SHIPPED']);
    expect(await stockOf(17)).toMatchObject({ on_hand: 25, reserved: 0, committed: 0 });
    expect((await settle(RETURN, 'order-ship')).data?.returnReservation?.status).toBe('SHIPPED');
    expect(await stockOf(17)).toMatchObject({ on_hand: 25, committed: 0 });
    await expectInvariant();
  });

  it('answers NOT_FOUND for unknown references and refuses callers without a service token', async () => {
    expect((await settle(RETURN, 'no-such-order')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const user = await userHeaders(keys, { id: '00000000-0000-4000-8000-000000000001' });
    expect((await settle(SHIP, 'order-ship', user)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('expiry', () => {
  it('the sweeper returns abandoned reservations; a late commit is answered EXPIRED', async () => {
    await reserve([{ productId: productId(13), quantity: 4 }], 'order-x1', { ttl: 60 });
    await reserve([{ productId: productId(13), quantity: 1 }], 'order-x2', { ttl: 120 });
    expect((await stockOf(13))?.reserved).toBe(5);
    const at = new Date(Date.parse(TEST_NOW) + 60_000);
    expect(await sweepExpiredReservations(rt.db.background, new Date(at.getTime() - 1))).toBe(0);
    expect(await sweepExpiredReservations(rt.db.background, at)).toBe(1);
    expect(await stockOf(13)).toMatchObject({ reserved: 1, committed: 0 });
    expect((await commit('order-x1')).data?.commitReservation?.status).toBe('EXPIRED');
    expect((await commit('order-x2')).data?.commitReservation?.status).toBe('COMMITTED');
    expect(await stockOf(13)).toMatchObject({ reserved: 0, committed: 1 });
    await expectInvariant();
  });

  it('a commit after expiry but before the sweep expires the reservation itself and returns the units', async () => {
    await reserve([{ productId: productId(14), quantity: 2 }], 'order-x3', { ttl: 30 });
    rt.clock.advance(30_000);
    try {
      const res = await commit('order-x3');
      expect(res.data?.commitReservation?.status).toBe('EXPIRED');
      expect(await stockOf(14)).toMatchObject({ reserved: 0, committed: 0 });
      expect(await sweepExpiredReservations(rt.db.background, rt.clock.now())).toBe(0);
    } finally {
      rt.clock.set(TEST_NOW);
    }
  });

  it('the background sweeper started with the subgraph expires reservations on its own', async () => {
    const fast = await buildInventorySubgraph(rt, { sweepIntervalMs: 20 });
    await reserve([{ productId: productId(15), quantity: 3 }], 'order-bg', { ttl: 10 });
    expect((await stockOf(15))?.reserved).toBe(3);
    await fast.start();
    try {
      rt.clock.advance(10_000);
      await vi.waitFor(async () => expect((await stockOf(15))?.reserved).toBe(0), { timeout: 10_000, interval: 50 });
      const read = await gql<{ reservation: { status: string } }>(handle.app, READ, { ref: 'order-bg' }, service);
      expect(read.data?.reservation.status).toBe('EXPIRED');
    } finally {
      await fast.stop();
      rt.clock.set(TEST_NOW);
    }
    await expectInvariant();
  });

  it('expiry racing with commit never counts twice', async () => {
    // 30 reservations of 1–3 units; each is committed (the subgraph's clock: still valid) while the sweeper runs with
    // a clock past every expiry — as when two replicas' clocks disagree. Each ends COMMITTED or EXPIRED, never both.
    const id = productId(720);
    await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand) values (${id}, 'UK-1', 100)`);
    const before = await stockOf(id);
    const refs = Array.from({ length: 30 }, (_, i) => `race-${i}`);
    const qty = (i: number) => 1 + (i % 3);
    for (const [i, ref] of refs.entries()) {
      const r = await reserve([{ productId: id, quantity: qty(i) }], ref, { ttl: 60 });
      expect(r.data?.reserveStock?.__typename).toBe('Reservation');
    }
    const late = new Date(Date.parse(TEST_NOW) + 61_000);
    const [commits, swept] = await Promise.all([
      Promise.all(refs.map((ref) => commit(ref))),
      Promise.all([sweepExpiredReservations(rt.db.background, late, 4), sweepExpiredReservations(rt.db.background, late, 7)]),
    ]);
    const statuses = await executeRows<{ reference: string; status: string; q: number }>(
      rt.db.db,
      sql`select r.reference, r.status, l.quantity as q from inventory.reservations r join inventory.reservation_lines l on l.reservation_id = r.id where r.reference like 'race-%'`,
    );
    expect(statuses).toHaveLength(30);
    for (const s of statuses) expect(['COMMITTED', 'EXPIRED']).toContain(s.status);
    const byRef = new Map(statuses.map((s) => [s.reference, s.status]));
    // What each commit answered is what happened.
    for (const [i, ref] of refs.entries()) expect(commits[i]?.data?.commitReservation?.status).toBe(byRef.get(ref));
    const expired = statuses.filter((s) => s.status === 'EXPIRED');
    expect(swept[0] + swept[1]).toBe(expired.length);
    const sold = statuses.filter((s) => s.status === 'COMMITTED').reduce((a, s) => a + s.q, 0);
    expect(await stockOf(id)).toEqual({ ...before, reserved: 0, committed: sold });
    await expectInvariant();
  });
});

describe('no oversell under concurrency', () => {
  // The proof runs on PostgreSQL (DATABASE_URL set): 1,000 requests over a pool of 10 connections, so transactions
  // really contend for the row. PGlite has one connection and runs transactions one at a time: 200 requests there.
  const N = process.env.DATABASE_URL ? 1000 : 200;

  it(`${N} concurrent reservations of 1 unit against 10 in stock: exactly 10 succeed, the rest are INSUFFICIENT_STOCK`, async () => {
    const id = productId(700);
    await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand) values (${id}, 'UK-1', 10)`);
    const events = await outboxCount();
    const results = await Promise.all(Array.from({ length: N }, (_, i) => reserve([{ productId: id, quantity: 1 }], `rush-${i}`, { country: 'GB' })));
    expect(results.filter((r) => r.errors !== undefined).map((r) => r.errors?.[0]?.message)).toEqual([]);
    const kinds = results.map((r) => r.data?.reserveStock?.__typename);
    expect(kinds.filter((k) => k === 'Reservation')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'InsufficientStock')).toHaveLength(N - 10);
    for (const r of results) {
      const x = r.data?.reserveStock;
      if (x?.__typename === 'InsufficientStock') expect(x).toMatchObject({ code: 'INSUFFICIENT_STOCK', shortages: [{ productId: id, requested: 1, available: 0 }] });
    }
    expect(await stockOf(id)).toMatchObject({ on_hand: 10, reserved: 10, committed: 0 });
    const [held] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from inventory.reservations where reference like 'rush-%'`);
    expect(held?.n).toBe(10);
    expect(await outboxCount()).toBe(events + 10);
    await expectInvariant();
  });

  it('concurrent multi-line reservations are all-or-none and never oversell any product', async () => {
    // 3 products with 7, 5 and 9 units; 60 carts each want 1–2 units of two of them, reserved at once.
    const ids = [productId(710), productId(711), productId(712)];
    const onHand = [7, 5, 9];
    for (const [i, id] of ids.entries()) {
      await rt.db.db.execute(sql`insert into inventory.stock (product_id, warehouse_code, on_hand) values (${id}, 'UK-1', ${onHand[i]})`);
    }
    const carts = Array.from({ length: 60 }, (_, i) => [
      { productId: ids[i % 3]!, quantity: 1 + (i % 2) },
      { productId: ids[(i + 1) % 3]!, quantity: 1 + ((i >> 1) % 2) },
    ]);
    const results = await Promise.all(carts.map((lines, i) => reserve(lines, `multi-${i}`)));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const won = carts.filter((_, i) => results[i]?.data?.reserveStock?.__typename === 'Reservation');
    expect(won.length).toBeGreaterThan(0);
    for (const [i, id] of ids.entries()) {
      const want = won.flat().filter((l) => l.productId === id).reduce((a, l) => a + l.quantity, 0);
      const row = await stockOf(id);
      expect(row?.reserved).toBe(want);
      expect(want).toBeLessThanOrEqual(onHand[i]!);
    }
    await expectInvariant();
  });
});
