import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { fixedClock, SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { upsertCatalog } from '../src/catalog.ts';
import { cartLines, carts } from '../src/db/schema.ts';
import { migrationsFolder, schema, type OrderRuntime } from '../src/runtime.ts';
import { buildOrderSubgraph } from '../src/server.ts';

const keys = createTestKeys();
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ALICE = uuid(1);
const BOB = uuid(2);
const SESSION = 'anon-session-0123456789';
const OTHER_SESSION = 'anon-session-9876543210';
const [P1, P2] = [uuid(101), uuid(102)] as [string, string];

let rt: OrderRuntime & { clock: ReturnType<typeof fixedClock> };
let sub: SubgraphHandle;
let alice: Record<string, string>;
let bob: Record<string, string>;
let anon: Record<string, string>;

type Cart = { id: string; itemCount: number; createdAt: string; updatedAt: string; lines: { id: string; quantity: number; product: { id: string } }[] };
const CART_FIELDS = 'id itemCount createdAt updatedAt lines { id quantity product { id } }';
const CREATE = `mutation { createCart { ${CART_FIELDS} } }`;
const ADD = `mutation($cartId: ID!, $productId: ID!, $quantity: Int!) { addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { ${CART_FIELDS} } }`;
const GET = `query($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { ${CART_FIELDS} } } }`;

async function createCart(headers: Record<string, string>): Promise<Cart> {
  const res = await gql<{ createCart: Cart }>(sub.app, CREATE, {}, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.createCart;
}
async function add(headers: Record<string, string>, cartId: string, productId: string, quantity: number) {
  return gql<{ addCartLine: Cart }>(sub.app, ADD, { cartId, productId, quantity }, headers);
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'order', schema, migrationsFolder, keys });
  // The catalog copy the cart checks products against (the seed and product.upserted fill it in production).
  await upsertCatalog(rt.db.db, [P1, P2].map((productId) => ({ productId, category: 'Home > Decor', brand: 'Emporium', updatedAt: new Date(TEST_NOW) })));
  sub = await buildOrderSubgraph(rt);
  alice = await userHeaders(keys, { id: ALICE });
  bob = await userHeaders(keys, { id: BOB });
  anon = await serviceHeaders(keys, 'gateway', SESSION);
});
afterAll(async () => {
  await sub?.stop();
  await rt?.close();
});

describe('createCart', () => {
  it('creates an empty cart for a user or an anonymous session', async () => {
    const cart = await createCart(alice);
    expect(cart).toMatchObject({ itemCount: 0, lines: [], createdAt: TEST_NOW, updatedAt: TEST_NOW });
    const [row] = await rt.db.db.select().from(carts).where(eq(carts.id, cart.id));
    expect(row).toMatchObject({ userId: ALICE, sessionId: null });
    const anonCart = await createCart(anon);
    const [anonRow] = await rt.db.db.select().from(carts).where(eq(carts.id, anonCart.id));
    expect(anonRow).toMatchObject({ userId: null, sessionId: SESSION });
  });

  it('needs a user or a session', async () => {
    for (const headers of [{}, await serviceHeaders(keys, 'gateway')]) {
      const res = await gql(sub.app, CREATE, {}, headers);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toMatch(/sign in/i);
    }
  });

  it('answers 401 to a forged token and ignores an unvouched session header', async () => {
    const forged = await gql(sub.app, CREATE, {}, await userHeaders(createTestKeys(), { id: ALICE }));
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const plain = await gql(sub.app, CREATE, {}, { 'x-emporium-session': SESSION });
    expect(plain.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('cart', () => {
  it('returns a cart to its owner only, without revealing that others exist', async () => {
    const userCart = await createCart(alice);
    const anonCart = await createCart(anon);
    const visible = async (id: string, headers: Record<string, string>) => {
      const res = await gql<{ cart: Cart | null }>(sub.app, GET, { id }, headers);
      expect(res.errors).toBeUndefined();
      return res.data?.cart?.id ?? null;
    };
    expect(await visible(userCart.id, alice)).toBe(userCart.id);
    expect(await visible(userCart.id, bob)).toBeNull();
    expect(await visible(userCart.id, anon)).toBeNull();
    expect(await visible(userCart.id, {})).toBeNull();
    expect(await visible(anonCart.id, anon)).toBe(anonCart.id);
    expect(await visible(anonCart.id, await serviceHeaders(keys, 'gateway', OTHER_SESSION))).toBeNull();
    expect(await visible(anonCart.id, alice)).toBeNull();
    expect(await visible(uuid(999), alice)).toBeNull();
    expect(await visible(userCart.id.toUpperCase(), alice)).toBe(userCart.id);
  });

  it('rejects a non-UUID id', async () => {
    const res = await gql(sub.app, GET, { id: 'cart-1' }, alice);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('addCartLine', () => {
  it('adds lines, sums quantities and touches the cart', async () => {
    const cart = await createCart(anon);
    rt.clock.advance(60_000);
    const first = await add(anon, cart.id, P1, 2);
    expect(first.errors).toBeUndefined();
    rt.clock.advance(60_000);
    await add(anon, cart.id, P2, 1);
    const again = await add(anon, cart.id, P1, 3);
    expect(again.errors).toBeUndefined();
    const got = again.data!.addCartLine;
    expect(got.updatedAt).toBe(new Date(Date.parse(TEST_NOW) + 120_000).toISOString());
    expect(got.createdAt).toBe(TEST_NOW);
    expect(got.lines.map((l) => [l.product.id, l.quantity])).toEqual([[P1, 5], [P2, 1]]);
    expect(got.itemCount).toBe(6);
    const rows = await rt.db.db.select().from(cartLines).where(eq(cartLines.cartId, cart.id));
    expect(rows.map((r) => [r.productId, r.quantity]).sort()).toEqual([[P1, 5], [P2, 1]]);
    expect(got.lines.map((l) => l.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('caps a line at 99 units and validates its arguments', async () => {
    const cart = await createCart(alice);
    expect((await add(alice, cart.id, P1, 60)).errors).toBeUndefined();
    const over = await add(alice, cart.id, P1, 40);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const full = await add(alice, cart.id, P1, 39);
    expect(full.data?.addCartLine.itemCount).toBe(99);
    for (const [cartId, productId, quantity, field] of [
      [cart.id, P2, 0, 'quantity'],
      [cart.id, P2, 100, 'quantity'],
      ['nope', P2, 1, 'cartId'],
      [cart.id, 'sku-22633', 1, 'productId'],
    ] as const) {
      const res = await add(alice, cartId, productId, quantity);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const [sum] = await rt.db.db.select({ n: sql<number>`sum(${cartLines.quantity})::int` }).from(cartLines).where(eq(cartLines.cartId, cart.id));
    expect(sum?.n).toBe(99);
  });

  it('takes only products of the catalog', async () => {
    const cart = await createCart(alice);
    const res = await add(alice, cart.id, uuid(999), 1);
    expect(res.errors?.[0]).toMatchObject({ message: `No product with id ${uuid(999)}.`, extensions: { code: 'NOT_FOUND' } });
    expect(await rt.db.db.$count(cartLines, eq(cartLines.cartId, cart.id))).toBe(0);
  });

  it('updates, removes, takes an e-mail and validates each', async () => {
    const cart = await createCart(alice);
    const added = (await add(alice, cart.id, P1, 2)).data!.addCartLine;
    await add(alice, cart.id, P2, 1);
    const lineId = added.lines[0]!.id;
    const UPDATE = `mutation($c: ID!, $l: ID!, $q: Int!) { updateCartLine(cartId: $c, lineId: $l, quantity: $q) { ${CART_FIELDS} } }`;
    const updated = await gql<{ updateCartLine: Cart }>(sub.app, UPDATE, { c: cart.id, l: lineId, q: 7 }, alice);
    expect(updated.data?.updateCartLine.lines.map((l) => [l.product.id, l.quantity]).sort()).toEqual([[P1, 7], [P2, 1]]);
    expect((await gql(sub.app, UPDATE, { c: cart.id, l: lineId, q: 100 }, alice)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    expect((await gql(sub.app, UPDATE, { c: cart.id, l: uuid(5), q: 1 }, alice)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Bob cannot touch Alice's line.
    expect((await gql(sub.app, UPDATE, { c: cart.id, l: lineId, q: 1 }, bob)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const zero = await gql<{ updateCartLine: Cart }>(sub.app, UPDATE, { c: cart.id, l: lineId, q: 0 }, alice);
    expect(zero.data?.updateCartLine.lines.map((l) => l.product.id)).toEqual([P2]);
    const REMOVE = `mutation($c: ID!, $l: ID!) { removeCartLine(cartId: $c, lineId: $l) { itemCount } }`;
    const p2Line = zero.data!.updateCartLine.lines[0]!.id;
    expect((await gql<{ removeCartLine: { itemCount: number } }>(sub.app, REMOVE, { c: cart.id, l: p2Line }, alice)).data?.removeCartLine.itemCount).toBe(0);
    const EMAIL = `mutation($c: ID!, $e: String!) { setCartEmail(cartId: $c, email: $e) { email } }`;
    expect((await gql<{ setCartEmail: { email: string } }>(sub.app, EMAIL, { c: cart.id, e: '  Ada@Example.COM ' }, alice)).data?.setCartEmail.email).toBe('ada@example.com');
    expect((await gql(sub.app, EMAIL, { c: cart.id, e: 'not-an-address' }, alice)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('merges the guest cart into the user cart on sign-in (quantities add up, capped at 99)', async () => {
    const session = 'merge-session-0123456789';
    const guest = await serviceHeaders(keys, 'gateway', session);
    const guestCart = await createCart(guest);
    await add(guest, guestCart.id, P1, 60);
    await add(guest, guestCart.id, P2, 2);
    const carol = await userHeaders(keys, { id: uuid(3) }, session);
    const own = await createCart(carol);
    await add(carol, own.id, P1, 50);
    const MERGE = `mutation { mergeGuestCart { ${CART_FIELDS} } }`;
    const merged = await gql<{ mergeGuestCart: Cart }>(sub.app, MERGE, {}, carol);
    expect(merged.data?.mergeGuestCart.id).toBe(own.id);
    expect(merged.data?.mergeGuestCart.lines.map((l) => [l.product.id, l.quantity]).sort()).toEqual([[P1, 99], [P2, 2]].sort());
    expect(await rt.db.db.$count(cartLines, eq(cartLines.cartId, guestCart.id))).toBe(0);
    // Merging again changes nothing; anonymous callers cannot merge.
    expect((await gql<{ mergeGuestCart: Cart }>(sub.app, MERGE, {}, carol)).data?.mergeGuestCart.itemCount).toBe(101);
    expect((await gql(sub.app, MERGE, {}, guest)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses carts the caller does not own', async () => {
    const cart = await createCart(alice);
    const res = await add(bob, cart.id, P1, 1);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await add(anon, cart.id, P1, 1)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await add({}, cart.id, P1, 1)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await rt.db.db.$count(cartLines, eq(cartLines.cartId, cart.id))).toBe(0);
  });
});

describe('_entities', () => {
  it.each([true, false])('resolves 24 carts with one statement per batch: carts, then lines (jit %s)', async (jit) => {
    const handle = jit ? sub : await buildOrderSubgraph(rt, { jit: false });
    try {
      const owned: Cart[] = [];
      for (let i = 0; i < 23; i++) {
        const cart = await createCart(bob);
        await add(bob, cart.id, i % 2 ? P1 : P2, 1 + (i % 5));
        if (i % 3 === 0) await add(bob, cart.id, P1, 2);
        owned.push(cart);
      }
      const foreign = await createCart(alice);
      const ids = [...owned.map((c) => c.id), foreign.id];
      for (let round = 0; round < 3; round++) {
        rt.db.stats.reset();
        const res = await gql<{ _entities: (Cart | null)[] }>(handle.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Cart', id })) }, bob);
        expect(res.errors).toBeUndefined();
        expect(rt.db.stats.statements).toBe(2);
        const entities = res.data!._entities;
        expect(entities.at(-1)).toBeNull(); // Alice's cart, asked for by Bob
        for (const [i, cart] of owned.entries()) {
          const rows = await rt.db.db.select().from(cartLines).where(eq(cartLines.cartId, cart.id));
          expect(entities[i]?.id).toBe(cart.id);
          expect(entities[i]?.itemCount).toBe(rows.reduce((n, r) => n + r.quantity, 0));
          expect(entities[i]?.lines.map((l) => [l.product.id, l.quantity]).sort()).toEqual(rows.map((r) => [r.productId, r.quantity]).sort());
        }
      }
      const bad = await gql<{ _entities: unknown[] }>(handle.app, ENTITIES, { r: [{ __typename: 'Cart', id: 'x' }] }, bob);
      expect(bad.errors).toBeUndefined();
      expect(bad.data?._entities).toEqual([null]);
    } finally {
      if (!jit) await handle.stop();
    }
  });
});
