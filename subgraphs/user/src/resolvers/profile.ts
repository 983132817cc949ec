import { and, desc, eq, sql } from 'drizzle-orm';
import { badInput, notFound } from '@emporium/kit';
import { issueAccessToken } from '../auth/sessions.ts';
import { MAX_ADDRESSES } from '../config.ts';
import type { Context } from '../context.ts';
import { addresses, preferences, users } from '../db/schema.ts';
import type { AddressInput, MutationResolvers, PreferencesInput, ProfileInput } from '../__generated__/resolvers-types.ts';
import type { PreferencesModel } from '../models.ts';
import * as v from '../validate.ts';
import { callerId, loadCaller, requireAdmin } from './shared.ts';

const PHONE = /^\+?[0-9][0-9 ().-]{4,29}$/;
const POSTAL = /^[\p{L}\p{N}][\p{L}\p{N} -]{0,19}$/u;
const CATEGORY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Validated column values of an address. */
function addressValues(input: AddressInput) {
  const phone = v.optionalText(input.phone, 'input.phone', 30);
  if (phone !== null && !PHONE.test(phone)) throw badInput('input.phone must be digits with an optional leading +, spaces, dots, dashes or brackets.', 'input.phone');
  const postalCode = v.optionalText(input.postalCode, 'input.postalCode', 20);
  if (postalCode !== null && !POSTAL.test(postalCode)) throw badInput('input.postalCode may contain letters, digits, spaces and dashes only.', 'input.postalCode');
  return {
    label: v.optionalText(input.label, 'input.label', 40),
    recipientName: v.text(input.recipientName, 'input.recipientName', 100),
    line1: v.text(input.line1, 'input.line1', 200),
    line2: v.optionalText(input.line2, 'input.line2', 200),
    city: v.text(input.city, 'input.city', 100),
    region: v.optionalText(input.region, 'input.region', 100),
    postalCode: postalCode?.toUpperCase() ?? null,
    country: v.country(input.country, 'input.country'),
    phone,
  };
}

/** The profile columns an input changes: absent = unchanged, null = cleared (displayName cannot be cleared). */
function profileChanges(input: ProfileInput) {
  const set: Partial<typeof users.$inferInsert> = {};
  if (input.displayName !== undefined) {
    if (input.displayName === null) throw badInput('input.displayName cannot be null.', 'input.displayName');
    set.displayName = v.text(input.displayName, 'input.displayName', 60);
  }
  if (input.country !== undefined) set.country = input.country === null ? null : v.country(input.country, 'input.country');
  if (input.currency !== undefined) set.currency = input.currency === null ? null : v.currency(input.currency, 'input.currency');
  if (input.language !== undefined) set.language = input.language === null ? null : v.language(input.language, 'input.language');
  return set;
}

/** Preferences after applying an input to the current ones (absent = unchanged, null = cleared). */
export function mergePreferences(current: PreferencesModel | null, input: PreferencesInput) {
  const next = {
    categories: current?.categories ?? [],
    priceMin: current?.priceMin ?? null,
    priceMax: current?.priceMax ?? null,
    priceCurrency: current?.priceCurrency?.trim() ?? null,
    discountSensitivity: current?.discountSensitivity ?? null,
    activeHours: current?.activeHours ?? [],
  };
  if (input.categories !== undefined) {
    const list = [...new Set(input.categories ?? [])];
    if (list.length > 20) throw badInput('input.categories may list at most 20 categories.', 'input.categories');
    for (const slug of list) {
      if (slug.length > 100 || !CATEGORY_SLUG.test(slug)) throw badInput(`input.categories must be category slugs such as home-living-candles-lighting, got "${slug}".`, 'input.categories');
    }
    next.categories = list;
  }
  if (input.priceRange !== undefined) {
    const r = input.priceRange;
    if (r === null) {
      next.priceMin = next.priceMax = next.priceCurrency = null;
    } else {
      if (!Number.isSafeInteger(r.min) || r.min < 0) throw badInput('input.priceRange.min must be a whole number of minor units, at least 0.', 'input.priceRange.min');
      if (!Number.isSafeInteger(r.max) || r.max < r.min) throw badInput('input.priceRange.max must be a whole number of minor units, at least min.', 'input.priceRange.max');
      next.priceMin = r.min;
      next.priceMax = r.max;
      next.priceCurrency = v.currency(r.currency, 'input.priceRange.currency');
    }
  }
  if (input.discountSensitivity !== undefined) {
    const d = input.discountSensitivity;
    if (d !== null && !(Number.isFinite(d) && d >= 0 && d <= 1)) throw badInput('input.discountSensitivity must be between 0 and 1.', 'input.discountSensitivity');
    next.discountSensitivity = d;
  }
  if (input.activeHours !== undefined) {
    const hours = [...new Set(input.activeHours ?? [])].sort((a, b) => a - b);
    if (hours.some((h) => !Number.isInteger(h) || h < 0 || h > 23)) throw badInput('input.activeHours must be hours from 0 to 23.', 'input.activeHours');
    next.activeHours = hours;
  }
  return next;
}

export const profileMutations: Pick<
  MutationResolvers<Context>,
  'updateProfile' | 'addAddress' | 'updateAddress' | 'removeAddress' | 'updatePreferences' | 'setUserRoles'
> = {
  async updateProfile(_root, { input }, ctx) {
    const id = callerId(ctx.identity);
    const set = profileChanges(input);
    const [user] = await ctx.rt.db.db
      .update(users)
      .set({ ...set, updatedAt: ctx.rt.clock.now() })
      .where(and(eq(users.id, id), sql`${users.deletedAt} is null`))
      .returning();
    if (!user) throw notFound('Your account no longer exists.');
    return { user, ...(await issueAccessToken(ctx.rt.keys.access, user)) };
  },

  async addAddress(_root, { input }, ctx) {
    const user = await loadCaller(ctx);
    const values = addressValues(input);
    const now = ctx.rt.clock.now();
    return ctx.rt.db.db.transaction(async (tx) => {
      // Lock the owner's row so two concurrent adds cannot both pass the count or both become the first default.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
      const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(addresses).where(eq(addresses.userId, user.id));
      const n = count?.n ?? 0;
      if (n >= MAX_ADDRESSES) throw badInput(`You can keep at most ${MAX_ADDRESSES} addresses; remove one first.`, 'input');
      const isDefault = n === 0 || input.isDefault === true;
      if (isDefault && n > 0) await tx.update(addresses).set({ isDefault: false, updatedAt: now }).where(and(eq(addresses.userId, user.id), eq(addresses.isDefault, true)));
      const [row] = await tx.insert(addresses).values({ ...values, userId: user.id, isDefault, createdAt: now, updatedAt: now }).returning();
      return row!;
    });
  },

  async updateAddress(_root, { id, input }, ctx) {
    const userId = callerId(ctx.identity);
    const addressId = v.uuid(id, 'id');
    const values = addressValues(input);
    const now = ctx.rt.clock.now();
    return ctx.rt.db.db.transaction(async (tx) => {
      const [current] = await tx.select().from(addresses).where(and(eq(addresses.id, addressId), eq(addresses.userId, userId))).for('update');
      if (!current) throw notFound(`You have no address ${addressId}.`);
      // The default stays the default until another address is made the default.
      const isDefault = current.isDefault || input.isDefault === true;
      if (isDefault && !current.isDefault) await tx.update(addresses).set({ isDefault: false, updatedAt: now }).where(and(eq(addresses.userId, userId), eq(addresses.isDefault, true)));
      const [row] = await tx.update(addresses).set({ ...values, isDefault, updatedAt: now }).where(eq(addresses.id, addressId)).returning();
      return row!;
    });
  },

  async removeAddress(_root, { id }, ctx) {
    const userId = callerId(ctx.identity);
    const addressId = v.uuid(id, 'id');
    const now = ctx.rt.clock.now();
    return ctx.rt.db.db.transaction(async (tx) => {
      const [removed] = await tx.delete(addresses).where(and(eq(addresses.id, addressId), eq(addresses.userId, userId))).returning();
      if (!removed) throw notFound(`You have no address ${addressId}.`);
      if (removed.isDefault) {
        // The most recently added remaining address becomes the default.
        const [next] = await tx.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, userId)).orderBy(desc(addresses.createdAt), desc(addresses.id)).limit(1);
        if (next) await tx.update(addresses).set({ isDefault: true, updatedAt: now }).where(eq(addresses.id, next.id));
      }
      return removed.id;
    });
  },

  async updatePreferences(_root, { input }, ctx) {
    const user = await loadCaller(ctx);
    const now = ctx.rt.clock.now();
    return ctx.rt.db.db.transaction(async (tx) => {
      const [current] = await tx.select().from(preferences).where(eq(preferences.userId, user.id)).for('update');
      const next = mergePreferences(current ?? null, input);
      const [row] = await tx
        .insert(preferences)
        .values({ userId: user.id, ...next, source: 'user', updatedAt: now })
        .onConflictDoUpdate({ target: preferences.userId, set: { ...next, source: 'user', updatedAt: now } })
        .returning();
      return row!;
    });
  },

  async setUserRoles(_root, { userId, roles }, ctx) {
    const adminId = await requireAdmin(ctx);
    const target = v.uuid(userId, 'userId');
    const list = [...new Set(roles.map((r) => r.toLowerCase()))];
    if (target === adminId && !list.includes('admin')) throw badInput('You cannot remove your own admin role.', 'roles');
    const [user] = await ctx.rt.db.db
      .update(users)
      .set({ roles: list, updatedAt: ctx.rt.clock.now() })
      .where(and(eq(users.id, target), sql`${users.deletedAt} is null`))
      .returning();
    if (!user) throw notFound(`No user ${target}.`);
    ctx.log.info({ adminId, userId: target, roles: list }, 'roles changed');
    return user;
  },
};
