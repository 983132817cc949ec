import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import type { RetailDataset } from '@emporium/retail-data';
import { users } from '../src/db/schema.ts';
import { migrationsFolder, schema, type UserRuntime } from '../src/runtime.ts';
import { buildUserSubgraph } from '../src/server.ts';
import { hasUsers, seedUsers } from '../src/seed.ts';
import type { SubgraphHandle } from '@emporium/kit';

const A = '0a7b2c3d-0000-4000-8000-00000000000a';
const B = '0a7b2c3d-0000-4000-8000-00000000000b';
const NO_ROW = '0a7b2c3d-0000-4000-8000-0000000000ff';

/** 24 demo customers; A and B are the first two. */
const customers: RetailDataset['customers'] = Array.from({ length: 24 }, (_, i) => ({
  id: i === 0 ? A : i === 1 ? B : `0a7b2c3d-0000-4000-8000-${String(i).padStart(12, '0')}`,
  customerId: String(12346 + i),
  country: i % 2 === 0 ? 'United Kingdom' : 'Unspecified',
  countryCode: i % 2 === 0 ? 'GB' : null,
  firstOrderAt: new Date(Date.UTC(2010, 11, 1 + i, 9, 30)),
}));

const keys = createTestKeys();
let rt: UserRuntime;
let sub: SubgraphHandle;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName email country createdAt } } }`;
type Entities = { _entities: ({ id: string; displayName: string; email: string | null; country: string | null; createdAt: string | null } | null)[] };

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'user', schema, migrationsFolder, keys });
  expect(await hasUsers(rt)).toBe(false);
  const seen: number[] = [];
  await seedUsers(rt, { customers }, (done) => seen.push(done));
  expect(seen.at(-1)).toBe(24);
  // A has signed up with an email (the demo data has none): stored normalised.
  await rt.db.db.update(users).set({ email: 'a.shopper@example.com' }).where(eq(users.id, A));
  await rt.db.db.update(users).set({ email: 'b.shopper@example.com' }).where(eq(users.id, B));
  sub = await buildUserSubgraph(rt);
});
afterAll(async () => {
  await sub?.stop();
  await rt?.close();
});

describe('seed', () => {
  it('creates one user per customer with the documented rules, idempotently', async () => {
    await seedUsers(rt, { customers });
    const rows = await rt.db.db.select().from(users);
    expect(rows).toHaveLength(24);
    const a = rows.find((u) => u.id === A)!;
    expect(a).toMatchObject({ customerRef: '12346', displayName: 'Customer 12346', country: 'GB' });
    expect(a.createdAt.toISOString()).toBe('2010-12-01T09:30:00.000Z');
    expect(rows.find((u) => u.id === B)?.country).toBeNull();
    expect(await hasUsers(rt)).toBe(true);
  });

  it('rejects an email that is not stored normalised', async () => {
    await expect(rt.db.db.update(users).set({ email: 'Mixed@Example.com' }).where(eq(users.id, B))).rejects.toThrow();
  });
});

describe('me', () => {
  it('returns the signed-in user with private fields', async () => {
    const res = await gql<{ me: Record<string, unknown> | null }>(sub.app, '{ me { id displayName email country createdAt } }', {}, await userHeaders(keys, { id: A }));
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ id: A, displayName: 'Customer 12346', email: 'a.shopper@example.com', country: 'GB', createdAt: '2010-12-01T09:30:00.000Z' });
  });

  it('is null when anonymous or when the user has no row', async () => {
    const anon = await gql<{ me: unknown }>(sub.app, '{ me { id } }');
    expect(anon.errors).toBeUndefined();
    expect(anon.data?.me).toBeNull();
    const ghost = await gql<{ me: unknown }>(sub.app, '{ me { id } }', {}, await userHeaders(keys, { id: NO_ROW }));
    expect(ghost.errors).toBeUndefined();
    expect(ghost.data?.me).toBeNull();
  });

  it('answers 401 UNAUTHENTICATED to a forged or malformed token', async () => {
    const forged = await userHeaders(createTestKeys(), { id: A });
    const res = await gql(sub.app, '{ me { id } }', {}, forged);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const garbage = await gql(sub.app, '{ me { id } }', {}, { authorization: 'Bearer not-a-token' });
    expect(garbage.status).toBe(401);
    const badService = await gql(sub.app, '{ me { id } }', {}, await serviceHeaders(createTestKeys(), 'product'));
    expect(badService.status).toBe(401);
    expect(badService.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('_entities', () => {
  it('hides another user’s private fields, also when the gateway forwards the request', async () => {
    const asB = await userHeaders(keys, { id: B }, 'session-of-b-0123456789');
    const res = await gql<Entities>(sub.app, ENTITIES, { r: [{ __typename: 'User', id: A }, { __typename: 'User', id: B }] }, asB);
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: A, displayName: 'Customer 12346', email: null, country: null, createdAt: null },
      { id: B, displayName: 'Customer 12347', email: 'b.shopper@example.com', country: null, createdAt: '2010-12-02T09:30:00.000Z' },
    ]);
  });

  it('shows private fields to an admin and to a service', async () => {
    for (const headers of [await userHeaders(keys, { id: B, roles: ['admin'] }), await serviceHeaders(keys, 'order')]) {
      const res = await gql<Entities>(sub.app, ENTITIES, { r: [{ __typename: 'User', id: A }] }, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data?._entities[0]).toMatchObject({ email: 'a.shopper@example.com', country: 'GB', createdAt: '2010-12-01T09:30:00.000Z' });
    }
  });

  it('answers unknown and non-UUID ids with null', async () => {
    const res = await gql<Entities>(sub.app, ENTITIES, { r: [{ __typename: 'User', id: 'nope' }, { __typename: 'User', id: NO_ROW }] });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([null, null]);
  });

  it.each([true, false])('resolves 24 users with ONE statement (jit %s)', async (jit) => {
    const handle = jit ? sub : await buildUserSubgraph(rt, { jit: false });
    try {
      const ids = customers.map((c) => c.id);
      const headers = await serviceHeaders(keys, 'review');
      for (let round = 0; round < 3; round++) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'User', id })) }, headers);
        expect(res.errors).toBeUndefined();
        expect(rt.db.stats.statements).toBe(1);
        expect(res.data?._entities.map((u) => u?.id)).toEqual(ids);
        expect(res.data?._entities.map((u) => u?.displayName)).toEqual(customers.map((c) => `Customer ${c.customerId}`));
      }
    } finally {
      if (!jit) await handle.stop();
    }
  });
});
