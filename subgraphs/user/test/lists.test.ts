import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../src/db/schema.ts';
import { setup, signUp, bearer, serviceHeaders, type Env } from './helpers.ts';

let env: Env;
let token: string;
let other: string;
beforeAll(async () => {
  env = await setup();
  token = (await signUp(env, { email: 'lister@example.com', country: 'DE' })).accessToken!;
  other = (await signUp(env, { email: 'other@example.com' })).accessToken!;
});
afterAll(async () => {
  await env?.close();
});

const pid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const ADD = `mutation($p: ID!) { addToWishlist(productId: $p) { product { id } addedAt } }`;
const REMOVE = `mutation($p: ID!) { removeFromWishlist(productId: $p) }`;
const WISHLIST = `query($first: Int, $after: String) { me { wishlist(first: $first, after: $after) { totalCount edges { cursor node { product { id } addedAt } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
const PRODUCTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id isWishlisted } } }`;
type Page = { me: { wishlist: { totalCount: number; edges: { cursor: string; node: { product: { id: string }; addedAt: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } } };

describe('wishlist', () => {
  it('adds products idempotently and lists them newest first with cursors', async () => {
    for (let i = 1; i <= 5; i++) {
      env.rt.clock.advance(1_000);
      const res = await env.q<{ addToWishlist: { product: { id: string } } }>(ADD, { p: pid(i) }, bearer(token));
      expect(res.errors).toBeUndefined();
      expect(res.data?.addToWishlist.product.id).toBe(pid(i));
    }
    const again = await env.q<{ addToWishlist: { addedAt: string } }>(ADD, { p: pid(3).toUpperCase() }, bearer(token));
    expect(again.data?.addToWishlist.addedAt).toBe(new Date(env.rt.clock.now().getTime() - 2_000).toISOString()); // unchanged
    const first = await env.q<Page>(WISHLIST, { first: 2 }, bearer(token));
    expect(first.data?.me.wishlist.totalCount).toBe(5);
    expect(first.data?.me.wishlist.edges.map((e) => e.node.product.id)).toEqual([pid(5), pid(4)]);
    expect(first.data?.me.wishlist.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const rest = await env.q<Page>(WISHLIST, { first: 10, after: first.data!.me.wishlist.pageInfo.endCursor }, bearer(token));
    expect(rest.data?.me.wishlist.edges.map((e) => e.node.product.id)).toEqual([pid(3), pid(2), pid(1)]);
    expect(rest.data?.me.wishlist.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect((await env.q(WISHLIST, { first: 101 }, bearer(token))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await env.q(WISHLIST, { after: 'bogus' }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('removes products (false when absent) and validates ids', async () => {
    expect((await env.q<{ removeFromWishlist: boolean }>(REMOVE, { p: pid(5) }, bearer(token))).data?.removeFromWishlist).toBe(true);
    expect((await env.q<{ removeFromWishlist: boolean }>(REMOVE, { p: pid(5) }, bearer(token))).data?.removeFromWishlist).toBe(false);
    expect((await env.q(ADD, { p: 'nope' }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    expect((await env.q(ADD, { p: pid(9) })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([true, false])('answers Product.isWishlisted for the caller: 24 products in ONE statement (gateway-forwarded %s)', async (forwarded) => {
    const reps = Array.from({ length: 24 }, (_, i) => ({ __typename: 'Product', id: pid(i + 1) }));
    const headers = { ...bearer(token), ...(forwarded ? await serviceHeaders(env.keys, 'gateway', 'session-0123456789abcdef') : {}) };
    for (let round = 0; round < 2; round++) {
      env.rt.db.stats.reset();
      const res = await env.q<{ _entities: { id: string; isWishlisted: boolean }[] }>(PRODUCTS, { r: reps }, headers);
      expect(res.errors).toBeUndefined();
      expect(env.rt.db.stats.statements).toBe(1);
      expect(res.data?._entities.filter((p) => p.isWishlisted).map((p) => p.id)).toEqual([pid(1), pid(2), pid(3), pid(4)]);
    }
  });

  it('is false for everyone else, and costs no statement when anonymous', async () => {
    const reps = [1, 2, 3].map((i) => ({ __typename: 'Product', id: pid(i) }));
    const asOther = await env.q<{ _entities: { isWishlisted: boolean }[] }>(PRODUCTS, { r: reps }, bearer(other));
    expect(asOther.data?._entities.map((p) => p.isWishlisted)).toEqual([false, false, false]);
    env.rt.db.stats.reset();
    const anon = await env.q<{ _entities: { isWishlisted: boolean }[] }>(PRODUCTS, { r: [...reps, { __typename: 'Product', id: 'not-a-uuid' }] });
    expect(anon.data?._entities.map((p) => p.isWishlisted)).toEqual([false, false, false, false]);
    expect(env.rt.db.stats.statements).toBe(0);
  });
});

const SAVE = `mutation($d: ID!, $t: TargetPriceInput) { saveDeal(dealId: $d, targetPrice: $t) { deal { id } targetPrice { amount currency formatted } savedAt } }`;
const UNSAVE = `mutation($d: ID!) { unsaveDeal(dealId: $d) }`;
const SAVED = `{ me { savedDeals(first: 10) { totalCount edges { node { deal { id } targetPrice { amount currency formatted } } } } } }`;
const did = (i: number) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;

describe('saved deals', () => {
  it('saves deals with an optional target price (formatted for the caller’s country) and updates it', async () => {
    const a = await env.q<{ saveDeal: { targetPrice: unknown } }>(SAVE, { d: did(1), t: { amount: 1999, currency: 'eur' } }, bearer(token));
    expect(a.errors).toBeUndefined();
    // The caller's token says DE, so the amount is formatted for de-DE.
    expect(a.data?.saveDeal.targetPrice).toEqual({ amount: 1999, currency: 'EUR', formatted: '19,99\u00a0€' });
    env.rt.clock.advance(1_000);
    await env.q(SAVE, { d: did(2) }, bearer(token));
    const updated = await env.q<{ saveDeal: { targetPrice: unknown } }>(SAVE, { d: did(1), t: { amount: 1500, currency: 'JPY' } }, bearer(token));
    expect(updated.data?.saveDeal.targetPrice).toEqual({ amount: 1500, currency: 'JPY', formatted: '1.500\u00a0¥' });
    const list = await env.q<{ me: { savedDeals: { totalCount: number; edges: { node: { deal: { id: string }; targetPrice: { amount: number } | null } }[] } } }>(SAVED, {}, bearer(token));
    expect(list.data?.me.savedDeals.totalCount).toBe(2);
    expect(list.data?.me.savedDeals.edges.map((e) => [e.node.deal.id, e.node.targetPrice?.amount ?? null])).toEqual([
      [did(2), null],
      [did(1), 1500],
    ]);
  });

  it('validates the target price and forgets deals', async () => {
    expect((await env.q(SAVE, { d: did(3), t: { amount: 0, currency: 'GBP' } }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetPrice.amount' });
    expect((await env.q(SAVE, { d: did(3), t: { amount: 100, currency: 'XYZ' } }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetPrice.currency' });
    expect((await env.q<{ unsaveDeal: boolean }>(UNSAVE, { d: did(2) }, bearer(token))).data?.unsaveDeal).toBe(true);
    expect((await env.q<{ unsaveDeal: boolean }>(UNSAVE, { d: did(2) }, bearer(token))).data?.unsaveDeal).toBe(false);
    const other = await env.q<{ me: { savedDeals: { totalCount: number } } }>(SAVED, {}, bearer(token));
    expect(other.data?.me.savedDeals.totalCount).toBe(1);
  });

  it('publishes one deal.saved per actual change and none for no-ops', async () => {
    const me = (await env.q<{ me: { id: string } }>('{ me { id } }', {}, bearer(token))).data!.me.id;
    const published = async () =>
      (await env.rt.db.db.select().from(outbox).where(eq(outbox.type, 'deal.saved')).orderBy(asc(outbox.seq))).map((e) => [e.source, e.payload]);
    const before = (await published()).length;
    await env.q(SAVE, { d: did(7) }, bearer(token)); // new: one event
    await env.q(SAVE, { d: did(7), t: { amount: 900, currency: 'GBP' } }, bearer(token)); // already saved (new target price): none
    expect((await env.q<{ unsaveDeal: boolean }>(UNSAVE, { d: did(7) }, bearer(token))).data?.unsaveDeal).toBe(true); // one
    expect((await env.q<{ unsaveDeal: boolean }>(UNSAVE, { d: did(7) }, bearer(token))).data?.unsaveDeal).toBe(false); // none
    expect((await env.q<{ unsaveDeal: boolean }>(UNSAVE, { d: did(8) }, bearer(token))).data?.unsaveDeal).toBe(false); // never saved: none
    expect((await env.q(SAVE, { d: did(8), t: { amount: 0, currency: 'GBP' } }, bearer(token))).errors).toBeDefined(); // refused: none
    expect((await published()).slice(before)).toEqual([
      ['user', { dealId: did(7), userId: me, saved: true }],
      ['user', { dealId: did(7), userId: me, saved: false }],
    ]);
  });
});
