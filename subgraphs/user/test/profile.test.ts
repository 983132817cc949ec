import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { preferences } from '../src/db/schema.ts';
import { categorySlugOf, derivePreferences, seedUsers } from '../src/seed.ts';
import { bearer, setup, signUp, userHeaders, type Env } from './helpers.ts';

let env: Env;
let token: string;
let userId: string;
beforeAll(async () => {
  env = await setup();
  const r = await signUp(env, { email: 'profile@example.com', displayName: 'Pat' });
  token = r.accessToken!;
  userId = r.user!.id;
});
afterAll(async () => {
  await env?.close();
});

const UPDATE = `mutation($input: ProfileInput!) { updateProfile(input: $input) { accessToken user { displayName country currency language } } }`;
type Profile = { updateProfile: { accessToken: string; user: { displayName: string; country: string | null; currency: string | null; language: string | null } } };

describe('profile', () => {
  it('is edited by its owner and comes back with an access token carrying the new country and currency', async () => {
    const res = await env.q<Profile>(UPDATE, { input: { displayName: ' Pat Q ', country: 'de', currency: 'eur', language: 'de-de' } }, bearer(token));
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile.user).toEqual({ displayName: 'Pat Q', country: 'DE', currency: 'EUR', language: 'de-DE' });
    expect(await env.rt.verifier.verifyAccess(res.data!.updateProfile.accessToken)).toMatchObject({ userId, country: 'DE', currency: 'EUR' });
  });

  it('leaves absent fields alone and clears null ones', async () => {
    const res = await env.q<Profile>(UPDATE, { input: { language: null } }, bearer(token));
    expect(res.data?.updateProfile.user).toEqual({ displayName: 'Pat Q', country: 'DE', currency: 'EUR', language: null });
    const claims = await env.rt.verifier.verifyAccess(res.data!.updateProfile.accessToken);
    expect(claims).toMatchObject({ country: 'DE', currency: 'EUR' });
  });

  it('refuses bad values with BAD_USER_INPUT naming the field, and anonymous callers', async () => {
    for (const [input, field] of [
      [{ displayName: null }, 'input.displayName'],
      [{ country: 'Germany' }, 'input.country'],
      [{ currency: 'EURO' }, 'input.currency'],
      [{ language: '12' }, 'input.language'],
    ] as const) {
      const res = await env.q(UPDATE, { input }, bearer(token));
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await env.q(UPDATE, { input: { country: 'GB' } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

const ADD = `mutation($input: AddressInput!) { addAddress(input: $input) { id label recipientName line1 city postalCode country isDefault } }`;
const UPDATE_ADDRESS = `mutation($id: ID!, $input: AddressInput!) { updateAddress(id: $id, input: $input) { id label isDefault } }`;
const REMOVE = `mutation($id: ID!) { removeAddress(id: $id) }`;
const ADDRESSES = `{ me { addresses { id label isDefault } } }`;
type Address = { id: string; label: string | null; isDefault: boolean };
const home = { label: 'Home', recipientName: 'Pat Q', line1: '1 High Street', city: 'London', postalCode: 'sw1a 1aa', country: 'gb' };

describe('addresses', () => {
  let homeId = '';
  let workId = '';
  it('adds addresses; the first is the default until another is made the default', async () => {
    const a = await env.q<{ addAddress: Address & { postalCode: string; country: string } }>(ADD, { input: home }, bearer(token));
    expect(a.errors).toBeUndefined();
    expect(a.data?.addAddress).toMatchObject({ label: 'Home', postalCode: 'SW1A 1AA', country: 'GB', isDefault: true });
    homeId = a.data!.addAddress.id;
    const b = await env.q<{ addAddress: Address }>(ADD, { input: { ...home, label: 'Work', line1: '2 Low Road' } }, bearer(token));
    expect(b.data?.addAddress.isDefault).toBe(false);
    workId = b.data!.addAddress.id;
    const c = await env.q<{ updateAddress: Address }>(UPDATE_ADDRESS, { id: workId, input: { ...home, label: 'Office', isDefault: true } }, bearer(token));
    expect(c.data?.updateAddress).toMatchObject({ label: 'Office', isDefault: true });
    const list = await env.q<{ me: { addresses: Address[] } }>(ADDRESSES, {}, bearer(token));
    expect(list.data?.me.addresses).toEqual([
      { id: workId, label: 'Office', isDefault: true },
      { id: homeId, label: 'Home', isDefault: false },
    ]);
  });

  it('keeps one default: removing it promotes the most recent remaining address', async () => {
    expect((await env.q<{ removeAddress: string }>(REMOVE, { id: workId }, bearer(token))).data?.removeAddress).toBe(workId);
    const list = await env.q<{ me: { addresses: Address[] } }>(ADDRESSES, {}, bearer(token));
    expect(list.data?.me.addresses).toEqual([{ id: homeId, label: 'Home', isDefault: true }]);
    expect((await env.q(REMOVE, { id: workId }, bearer(token))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('validates fields and caps the list at 20', async () => {
    for (const [input, field] of [
      [{ ...home, country: 'ZZ' }, 'input.country'],
      [{ ...home, phone: 'call me' }, 'input.phone'],
      [{ ...home, line1: ' ' }, 'input.line1'],
      [{ ...home, postalCode: '<script>' }, 'input.postalCode'],
    ] as const) {
      expect((await env.q(ADD, { input }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    for (let i = 0; i < 19; i++) expect((await env.q(ADD, { input: { ...home, label: `#${i}` } }, bearer(token))).errors).toBeUndefined();
    const full = await env.q(ADD, { input: home }, bearer(token));
    expect(full.errors?.[0]?.message).toBe('You can keep at most 20 addresses; remove one first.');
  });
});

const PREFS = `mutation($input: PreferencesInput!) { updatePreferences(input: $input) { categories priceRange { min { amount currency formatted } max { amount currency formatted } } discountSensitivity activeHours source } }`;

describe('preferences', () => {
  it('are edited by the owner (absent fields unchanged, null cleared) and marked USER', async () => {
    const set = await env.q<{ updatePreferences: Record<string, unknown> }>(
      PREFS,
      { input: { categories: ['kitchen-dining-bakeware', 'seasonal-christmas', 'kitchen-dining-bakeware'], priceRange: { min: 150, max: 1250, currency: 'gbp' }, activeHours: [20, 9, 9] } },
      bearer(token),
    );
    expect(set.errors).toBeUndefined();
    expect(set.data?.updatePreferences).toEqual({
      categories: ['kitchen-dining-bakeware', 'seasonal-christmas'],
      // Formatted for the caller's country in the token (the token here still says nothing, so en-GB).
      priceRange: { min: { amount: 150, currency: 'GBP', formatted: '£1.50' }, max: { amount: 1250, currency: 'GBP', formatted: '£12.50' } },
      discountSensitivity: null,
      activeHours: [9, 20],
      source: 'USER',
    });
    const more = await env.q<{ updatePreferences: Record<string, unknown> }>(PREFS, { input: { discountSensitivity: 0.25, priceRange: null } }, bearer(token));
    expect(more.data?.updatePreferences).toMatchObject({ categories: ['kitchen-dining-bakeware', 'seasonal-christmas'], priceRange: null, discountSensitivity: 0.25, activeHours: [9, 20] });
  });

  it('refuses out-of-range values', async () => {
    for (const [input, field] of [
      [{ discountSensitivity: 1.5 }, 'input.discountSensitivity'],
      [{ activeHours: [24] }, 'input.activeHours'],
      [{ categories: ['Not A Slug'] }, 'input.categories'],
      [{ priceRange: { min: 500, max: 100, currency: 'GBP' } }, 'input.priceRange.max'],
      [{ priceRange: { min: -1, max: 100, currency: 'GBP' } }, 'input.priceRange.min'],
    ] as const) {
      expect((await env.q(PREFS, { input }, bearer(token))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('seeded preferences', () => {
  const A = '0a7b2c3d-0000-4000-8000-0000000000a1';
  const B = '0a7b2c3d-0000-4000-8000-0000000000b1';
  const product = (id: string, categoryPath: string[], unitPriceMinor: number) => ({ id, categoryPath, unitPriceMinor }) as RetailDataset['products'][number];
  const p1 = product('00000000-0000-4000-8000-000000000001', ['Kitchen & Dining', 'Bakeware'], 100);
  const p2 = product('00000000-0000-4000-8000-000000000002', ['Seasonal', 'Christmas'], 200);
  const p3 = product('00000000-0000-4000-8000-000000000003', ['Home & Living', 'Candles & Lighting'], 300);
  const invoice = (userId: string | null, hour: number, lines: [string, number][]) =>
    ({ userId, invoicedAt: new Date(Date.UTC(2026, 0, 5, hour, 30)), lines: lines.map(([productId, unitPriceMinor]) => ({ productId, unitPriceMinor, quantity: 1 })) }) as RetailDataset['invoices'][number];
  const data = {
    customers: [
      { id: A, customerId: '70001', country: 'United Kingdom', countryCode: 'GB', firstOrderAt: new Date('2025-12-01T10:00:00Z') },
      { id: B, customerId: '70002', country: 'France', countryCode: 'FR', firstOrderAt: new Date('2025-12-02T10:00:00Z') },
    ],
    products: [p1, p2, p3],
    invoices: [
      invoice(A, 9, [[p1.id, 100], [p1.id, 85], [p2.id, 200]]),
      invoice(A, 9, [[p1.id, 100], [p3.id, 250]]),
      invoice(A, 14, [[p2.id, 200], [p1.id, 100], [p3.id, 300], [p1.id, 90], [p2.id, 180]]),
      invoice(null, 9, [[p3.id, 1]]),
    ],
  };

  it('derive categories, price band, discount sensitivity and active hours from the orders', () => {
    expect(categorySlugOf(['Home & Living', 'Candles & Lighting'])).toBe('home-living-candles-lighting');
    const prefs = derivePreferences(data);
    // A bought 10 lines: bakeware 5, christmas 3, candles 2; prices sorted 85 90 100 100 100 180 200 200 250 300.
    expect(prefs.get(A)).toEqual({
      categories: ['kitchen-dining-bakeware', 'seasonal-christmas', 'home-living-candles-lighting'],
      priceMin: 85,
      priceMax: 250,
      priceCurrency: 'GBP',
      discountSensitivity: 0.4, // 85, 90 (< 100), 180 (< 200), 250 (< 300)
      activeHours: [9, 14],
    });
    expect(prefs.has(B)).toBe(false); // no orders, no preferences
  });

  it('are loaded by the seed, shown to their owner, and never overwrite preferences the user edited', async () => {
    expect(await seedUsers(env.rt, data)).toEqual({ users: 2, preferences: 1 });
    const q = '{ me { preferences { categories priceRange { min { amount } max { amount } } discountSensitivity activeHours source } } }';
    const asA = await userHeaders(env.keys, { id: A });
    const seeded = await env.q<{ me: { preferences: Record<string, unknown> } }>(q, {}, asA);
    expect(seeded.data?.me.preferences).toEqual({
      categories: ['kitchen-dining-bakeware', 'seasonal-christmas', 'home-living-candles-lighting'],
      priceRange: { min: { amount: 85 }, max: { amount: 250 } },
      discountSensitivity: 0.4,
      activeHours: [9, 14],
      source: 'SEED',
    });
    await env.q(PREFS, { input: { activeHours: [7] } }, asA);
    await seedUsers(env.rt, data);
    const [row] = await env.rt.db.db.select().from(preferences).where(eq(preferences.userId, A));
    expect(row).toMatchObject({ source: 'user', activeHours: [7], categories: ['kitchen-dining-bakeware', 'seasonal-christmas', 'home-living-candles-lighting'] });
  });
});
