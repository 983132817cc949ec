import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { users } from './db/schema.ts';
import type { UserRuntime } from './runtime.ts';

/** Rows per INSERT (7 columns each: far below the 65,535 bind-parameter limit). */
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

/**
 * Loads one account per demo customer (rules in README.md): id = customer.id, customer_ref = CustomerID,
 * display_name "Customer <CustomerID>", country = the ISO code of the customer's country (null when unknown),
 * created_at = the customer's first order. No email and no password. Upserts by id, so seeding twice leaves one copy.
 */
export async function seedUsers(
  rt: UserRuntime,
  data: Pick<RetailDataset, 'customers'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ users: number }> {
  const db = rt.db.db;
  const total = data.customers.length;
  const now = rt.clock.now();
  let done = 0;
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
    done += chunk.length;
    progress(done, total);
  }
  return { users: total };
}
