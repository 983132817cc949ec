import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { preferences, users } from './db/schema.ts';
import type { UserRuntime } from './runtime.ts';

/** Rows per INSERT (at most 9 columns each: far below the 65,535 bind-parameter limit). */
const CHUNK = 2_000;

/** True when the user table already has rows (the start command seeds only empty databases). */
export async function hasUsers(rt: UserRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}

/** The display name of a demo customer: the source data has no names, so the CustomerID stands in. */
export function demoDisplayName(customerId: string): string {
  return `Customer ${customerId}`;
}

/** The product subgraph's category slug of a path: its words lower-case ASCII joined by '-' (`Category.slug`). */
export function categorySlugOf(path: readonly string[]): string {
  return path
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Preferences derived from one customer's orders (rules in README.md). */
export interface DerivedPreferences {
  categories: string[];
  priceMin: number;
  priceMax: number;
  priceCurrency: 'GBP';
  discountSensitivity: number;
  activeHours: number[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** The top `n` keys by count (ties: the smaller key first). */
function top<K extends string | number>(counts: Map<K, number>, n: number): K[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([k]) => k);
}

/**
 * Derives every demo customer's preferences from their kept sale lines:
 * - categories: the 3 leaf categories with most lines (ties by slug), as product `Category.slug`s;
 * - price range: the 10th and 90th nearest-rank percentiles of the unit prices paid (GBP pence);
 * - discount sensitivity: the share of lines bought below the product's usual (modal) price, 2 decimals;
 * - active hours: the 3 hours of the day (UTC, as in the data) with most invoices, ascending.
 * Customers without lines get none.
 */
export function derivePreferences(data: Pick<RetailDataset, 'customers' | 'invoices' | 'products'>): Map<string, DerivedPreferences> {
  const products = new Map(data.products.map((p) => [p.id, p]));
  const byUser = new Map<string, { cats: Map<string, number>; prices: number[]; below: number; hours: Map<number, number> }>();
  for (const inv of data.invoices) {
    if (!inv.userId) continue;
    let acc = byUser.get(inv.userId);
    if (!acc) byUser.set(inv.userId, (acc = { cats: new Map(), prices: [], below: 0, hours: new Map() }));
    const hour = inv.invoicedAt.getUTCHours();
    acc.hours.set(hour, (acc.hours.get(hour) ?? 0) + 1);
    for (const line of inv.lines) {
      const product = products.get(line.productId);
      if (!product) continue;
      const slug = categorySlugOf(product.categoryPath);
      acc.cats.set(slug, (acc.cats.get(slug) ?? 0) + 1);
      acc.prices.push(line.unitPriceMinor);
      if (line.unitPriceMinor < product.unitPriceMinor) acc.below += 1;
    }
  }
  const out = new Map<string, DerivedPreferences>();
  for (const c of data.customers) {
    const acc = byUser.get(c.id);
    if (!acc || acc.prices.length === 0) continue;
    const prices = [...acc.prices].sort((a, b) => a - b);
    out.set(c.id, {
      categories: top(acc.cats, 3),
      priceMin: percentile(prices, 0.1),
      priceMax: percentile(prices, 0.9),
      priceCurrency: 'GBP',
      discountSensitivity: Math.round((acc.below / acc.prices.length) * 100) / 100,
      activeHours: top(acc.hours, 3).sort((a, b) => a - b),
    });
  }
  return out;
}

/**
 * Loads one account per demo customer (rules in README.md): id = customer.id, customer_ref = CustomerID,
 * display_name "Customer <CustomerID>", country = the ISO code of the customer's country (null when unknown),
 * created_at = the customer's first order. No email and no password. Upserts by id, so seeding twice leaves one copy.
 * With the invoices and products, it also derives each customer's preferences (`derivePreferences`) — never
 * overwriting preferences the user edited.
 */
export async function seedUsers(
  rt: UserRuntime,
  data: Pick<RetailDataset, 'customers'> & Partial<Pick<RetailDataset, 'invoices' | 'products'>>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ users: number; preferences: number }> {
  const db = rt.db.db;
  const total = data.customers.length;
  const now = rt.clock.now();
  const derived = data.invoices && data.products ? derivePreferences({ customers: data.customers, invoices: data.invoices, products: data.products }) : new Map<string, DerivedPreferences>();
  let done = 0;
  let prefCount = 0;
  for (let i = 0; i < total; i += CHUNK) {
    const chunk = data.customers.slice(i, i + CHUNK);
    await db
      .insert(users)
      .values(
        chunk.map((c) => ({
          id: c.id,
          customerRef: c.customerId,
          displayName: demoDisplayName(c.customerId),
          country: c.countryCode,
          createdAt: c.firstOrderAt,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: users.id,
        set: {
          customerRef: sql`excluded.customer_ref`,
          displayName: sql`excluded.display_name`,
          country: sql`excluded.country`,
          createdAt: sql`excluded.created_at`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
    const prefs = chunk.flatMap((c) => {
      const p = derived.get(c.id);
      return p ? [{ userId: c.id, ...p, source: 'seed', updatedAt: now }] : [];
    });
    if (prefs.length > 0) {
      await db
        .insert(preferences)
        .values(prefs)
        .onConflictDoUpdate({
          target: preferences.userId,
          set: {
            categories: sql`excluded.categories`,
            priceMin: sql`excluded.price_min`,
            priceMax: sql`excluded.price_max`,
            priceCurrency: sql`excluded.price_currency`,
            discountSensitivity: sql`excluded.discount_sensitivity`,
            activeHours: sql`excluded.active_hours`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${preferences.source} = 'seed'`,
        });
      prefCount += prefs.length;
    }
    done += chunk.length;
    progress(done, total);
  }
  return { users: total, preferences: prefCount };
}
