import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { EventEnvelope } from '@emporium/kit';
import { addresses, mailOutbox, outbox, passwordResetTokens, preferences, savedDeals, sessions, users, wishlistItems } from '../src/db/schema.ts';
import { bearer, refresh, serviceHeaders, setup, signIn, signUp, userHeaders, type AuthResult, type Env } from './helpers.ts';

let env: Env;
let a: AuthResult;
let b: AuthResult;
const received: EventEnvelope[] = [];
const product = '00000000-0000-4000-8000-000000000001';
const deal = '00000000-0000-4000-9000-000000000001';
let addressOfA = '';

beforeAll(async () => {
  env = await setup();
  await env.sub.start(); // the outbox relay publishes user.deleted
  await env.rt.bus.subscribe({ group: 'privacy-test', types: ['user.deleted'], handler: async (e) => void received.push(e) });
  a = await signUp(env, { email: 'alice@example.com', displayName: 'Alice', country: 'GB', currency: 'GBP' });
  b = await signUp(env, { email: 'bob@example.com', displayName: 'Bob' });
  const asA = bearer(a.accessToken!);
  const address = await env.q<{ addAddress: { id: string } }>(
    `mutation { addAddress(input: { recipientName: "Alice A", line1: "1 Secret Lane", city: "York", country: "GB" }) { id } }`,
    {},
    asA,
  );
  addressOfA = address.data!.addAddress.id;
  await env.q(`mutation($p: ID!) { addToWishlist(productId: $p) { addedAt } }`, { p: product }, asA);
  await env.q(`mutation($d: ID!) { saveDeal(dealId: $d, targetPrice: { amount: 500, currency: "GBP" }) { savedAt } }`, { d: deal }, asA);
  await env.q(`mutation { updatePreferences(input: { activeHours: [8] }) { source } }`, {}, asA);
  await env.q(`mutation { requestPasswordReset(email: "alice@example.com") { __typename } }`);
});
afterAll(async () => {
  await env?.close();
});

const PRIVATE = `id displayName email country currency language createdAt roles hasPassword addresses { id } preferences { activeHours } wishlist { totalCount } savedDeals { totalCount }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${PRIVATE} } } }`;
const allPrivateNull = { email: null, country: null, currency: null, language: null, createdAt: null, roles: null, hasPassword: null, addresses: null, preferences: null, wishlist: null, savedDeals: null };

describe('two users', () => {
  it('B never reads A’s private data through _entities, even with extra fields in the representation', async () => {
    for (const headers of [bearer(b.accessToken!), { ...bearer(b.accessToken!), ...(await serviceHeaders(env.keys, 'gateway', 'session-of-b-0123456789')) }, {}]) {
      const res = await env.q<{ _entities: Record<string, unknown>[] }>(
        ENTITIES,
        { r: [{ __typename: 'User', id: a.user!.id, email: 'alice@example.com', roles: ['ADMIN'] }, { __typename: 'User', id: a.user!.id.toUpperCase() }] },
        headers,
      );
      expect(res.errors).toBeUndefined();
      for (const entity of res.data!._entities) expect(entity).toEqual({ id: a.user!.id, displayName: 'Alice', ...allPrivateNull });
    }
  });

  it('A reads their own private data through me and _entities', async () => {
    const res = await env.q<{ _entities: Record<string, unknown>[] }>(ENTITIES, { r: [{ __typename: 'User', id: a.user!.id }] }, bearer(a.accessToken!));
    expect(res.data?._entities[0]).toMatchObject({
      email: 'alice@example.com',
      country: 'GB',
      roles: ['CUSTOMER'],
      hasPassword: true,
      addresses: [{ id: addressOfA }],
      preferences: { activeHours: [8] },
      wishlist: { totalCount: 1 },
      savedDeals: { totalCount: 1 },
    });
  });

  it('B cannot change A’s data: every mutation acts on the caller only', async () => {
    const asB = bearer(b.accessToken!);
    const upd = await env.q(`mutation($id: ID!) { updateAddress(id: $id, input: { recipientName: "Mallory", line1: "x", city: "y", country: "GB" }) { id } }`, { id: addressOfA }, asB);
    expect(upd.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const rem = await env.q(`mutation($id: ID!) { removeAddress(id: $id) }`, { id: addressOfA }, asB);
    expect(rem.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wish = await env.q<{ removeFromWishlist: boolean }>(`mutation($p: ID!) { removeFromWishlist(productId: $p) }`, { p: product }, asB);
    expect(wish.data?.removeFromWishlist).toBe(false);
    const unsave = await env.q<{ unsaveDeal: boolean }>(`mutation($d: ID!) { unsaveDeal(dealId: $d) }`, { d: deal }, asB);
    expect(unsave.data?.unsaveDeal).toBe(false);
    const roles = await env.q(`mutation($u: ID!) { setUserRoles(userId: $u, roles: [ADMIN]) { id } }`, { u: b.user!.id }, asB);
    expect(roles.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [row] = await env.rt.db.db.select().from(addresses).where(eq(addresses.id, addressOfA));
    expect(row).toMatchObject({ recipientName: 'Alice A', line1: '1 Secret Lane' });
    expect(await env.rt.db.db.select().from(wishlistItems).where(eq(wishlistItems.userId, a.user!.id))).toHaveLength(1);
    expect(await env.rt.db.db.select().from(savedDeals).where(eq(savedDeals.userId, a.user!.id))).toHaveLength(1);
  });
});

const EXPORT = `{ exportMyData { generatedAt json } }`;

describe('export', () => {
  it('holds everything about the caller and nothing about anyone else, without secrets', async () => {
    const res = await env.q<{ exportMyData: { generatedAt: string; json: string } }>(EXPORT, {}, bearer(a.accessToken!));
    expect(res.errors).toBeUndefined();
    const data = JSON.parse(res.data!.exportMyData.json) as Record<string, any>;
    expect(data.format).toBe('emporium.user-export.v1');
    expect(data.account).toMatchObject({ id: a.user!.id, email: 'alice@example.com', displayName: 'Alice', country: 'GB', currency: 'GBP', roles: ['customer'], hasPassword: true });
    expect(data.addresses).toHaveLength(1);
    expect(data.addresses[0]).toMatchObject({ id: addressOfA, line1: '1 Secret Lane', isDefault: true });
    expect(data.preferences).toMatchObject({ activeHours: [8], source: 'user' });
    expect(data.wishlist).toEqual([{ productId: product, addedAt: expect.any(String) }]);
    expect(data.savedDeals).toEqual([{ dealId: deal, targetPrice: { amount: 500, currency: 'GBP' }, savedAt: expect.any(String) }]);
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    expect(data.passwordResetRequests).toHaveLength(1);
    expect(data.mail).toHaveLength(1);
    expect(data.mail[0]).toMatchObject({ kind: 'password-reset', subject: 'Reset your Emporium password' });
    const text = res.data!.exportMyData.json;
    expect(text).not.toContain('bob@example.com');
    expect(text).not.toContain(b.user!.id);
    expect(text).not.toMatch(/\$scrypt\$/);
    expect(text).not.toContain('tokenHash');
    expect(text).not.toContain(a.refreshToken!);

    const bob = JSON.parse((await env.q<{ exportMyData: { json: string } }>(EXPORT, {}, bearer(b.accessToken!))).data!.exportMyData.json) as Record<string, any>;
    expect(bob.account.email).toBe('bob@example.com');
    expect(bob.addresses).toEqual([]);
    expect(bob.wishlist).toEqual([]);
    expect(JSON.stringify(bob)).not.toContain('alice');
  });

  it('needs a signed-in user', async () => {
    expect((await env.q(EXPORT)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

const DELETE = `mutation($p: String) { deleteMyAccount(password: $p) { __typename ... on AccountDeleted { userId deletedAt } ... on AccountProblem { message } } }`;

describe('account deletion', () => {
  it('needs the password of an account that has one', async () => {
    for (const p of [null, 'not the password']) {
      const res = await env.q<{ deleteMyAccount: { __typename: string } }>(DELETE, { p }, bearer(a.accessToken!));
      expect(res.data?.deleteMyAccount.__typename).toBe('WrongPassword');
    }
    expect((await env.q(DELETE, { p: 'x' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('erases personal data, ends every session, keeps a tombstone and publishes user.deleted (and the unsaves)', async () => {
    const id = a.user!.id;
    const res = await env.q<{ deleteMyAccount: { __typename: string; userId: string; deletedAt: string } }>(DELETE, { p: 'correct horse battery' }, bearer(a.accessToken!));
    expect(res.data?.deleteMyAccount).toEqual({ __typename: 'AccountDeleted', userId: id, deletedAt: env.rt.clock.now().toISOString() });

    const [row] = await env.rt.db.db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ email: null, customerRef: null, displayName: 'Deleted user', country: null, currency: null, language: null, roles: [], passwordHash: null });
    expect(row!.deletedAt).not.toBeNull();
    for (const [table, col] of [
      [addresses, addresses.userId],
      [preferences, preferences.userId],
      [wishlistItems, wishlistItems.userId],
      [savedDeals, savedDeals.userId],
      [sessions, sessions.userId],
      [passwordResetTokens, passwordResetTokens.userId],
    ] as const) {
      expect(await env.rt.db.db.select().from(table).where(eq(col, id))).toEqual([]);
    }
    expect(await env.rt.db.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'alice@example.com'))).toEqual([]);
    // B's data is untouched.
    expect((await env.rt.db.db.select().from(users).where(eq(users.id, b.user!.id)))[0]?.email).toBe('bob@example.com');

    // Sessions are gone, sign-in fails, the old access token sees nothing.
    expect((await refresh(env, a.refreshToken!)).__typename).toBe('InvalidRefreshToken');
    expect((await signIn(env, 'alice@example.com', 'correct horse battery')).__typename).toBe('InvalidCredentials');
    expect((await env.q<{ me: unknown }>('{ me { id } }', {}, bearer(a.accessToken!))).data?.me).toBeNull();
    // References still resolve, to the tombstone.
    const ref = await env.q<{ _entities: unknown[] }>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName email } } }`, { r: [{ __typename: 'User', id }] }, await serviceHeaders(env.keys, 'order'));
    expect(ref.data?._entities).toEqual([{ id, displayName: 'Deleted user', email: null }]);

    // The event was written in the same transaction and published by the relay.
    const events = await env.rt.db.db.select().from(outbox).where(eq(outbox.type, 'user.deleted'));
    expect(events.map((e) => e.payload)).toEqual([{ userId: id, requestedBy: 'self' }]);
    // The saved deal the erasure removed is unsaved for the deal subgraph's counts (its save was published earlier).
    const saves = await env.rt.db.db.select().from(outbox).where(eq(outbox.type, 'deal.saved')).orderBy(outbox.seq);
    expect(saves.map((e) => e.payload)).toEqual([
      { dealId: deal, userId: id, saved: true },
      { dealId: deal, userId: id, saved: false },
    ]);
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(received.map((e) => [e.type, e.source, e.payload])).toEqual([['user.deleted', 'user', { userId: id, requestedBy: 'self' }]]);

    // The address can be used for a new account.
    expect((await signUp(env, { email: 'alice@example.com' })).__typename).toBe('AuthPayload');
  });

  it('deletes a passwordless (demo) account without a password', async () => {
    const demo = '0a7b2c3d-0000-4000-8000-0000000000d1';
    await env.rt.db.db.insert(users).values({ id: demo, customerRef: '12399', displayName: 'Customer 12399', country: 'GB' });
    const res = await env.q<{ deleteMyAccount: { __typename: string } }>(DELETE, {}, await userHeaders(env.keys, { id: demo }));
    expect(res.data?.deleteMyAccount.__typename).toBe('AccountDeleted');
    const [row] = await env.rt.db.db.select().from(users).where(eq(users.id, demo));
    expect(row).toMatchObject({ customerRef: null, displayName: 'Deleted user', country: null });
  });

  it('can be done by an admin for another user (requestedBy admin), never by a customer', async () => {
    const victim = await signUp(env, { email: 'erase-me@example.com' });
    const DELETE_USER = `mutation($u: ID!) { deleteUser(userId: $u) { userId deletedAt } }`;
    expect((await env.q(DELETE_USER, { u: victim.user!.id }, bearer(b.accessToken!))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await env.rt.db.db.update(users).set({ roles: ['admin'] }).where(eq(users.id, b.user!.id));
    const asAdmin = await userHeaders(env.keys, { id: b.user!.id, roles: ['admin'] });
    expect((await env.q(DELETE_USER, { u: b.user!.id }, asAdmin)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    const res = await env.q<{ deleteUser: { userId: string } }>(DELETE_USER, { u: victim.user!.id }, asAdmin);
    expect(res.data?.deleteUser.userId).toBe(victim.user!.id);
    expect((await env.q(DELETE_USER, { u: victim.user!.id }, asAdmin)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const events = await env.rt.db.db.select().from(outbox).where(eq(outbox.type, 'user.deleted'));
    expect(events.map((e) => e.payload)).toContainEqual({ userId: victim.user!.id, requestedBy: 'admin' });
    expect((await signIn(env, 'erase-me@example.com', 'correct horse battery')).__typename).toBe('InvalidCredentials');
  });
});
