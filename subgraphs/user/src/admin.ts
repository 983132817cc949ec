import { and, eq, isNull, sql } from 'drizzle-orm';
import { emailProblem, normaliseEmail } from './auth/email.ts';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './auth/passwords.ts';
import { users } from './db/schema.ts';
import type { UserModel } from './models.ts';
import type { UserRuntime } from './runtime.ts';

export type AdminOutcome =
  | { kind: 'created'; user: UserModel }
  | { kind: 'promoted'; user: UserModel }
  | { kind: 'refused'; message: string };

/** Checks the email and password of a new admin without touching the database (the CLI fails fast on them). */
export function checkAdminInput(rawEmail: string, password: string): { email: string } | { message: string } {
  const email = normaliseEmail(rawEmail);
  const emailError = emailProblem(email);
  if (emailError) return { message: `Email: ${emailError}` };
  const passwordError = passwordProblem(password, email);
  if (passwordError) return { message: `Password: ${passwordError}` };
  return { email };
}

/**
 * Creates an admin account (roles admin + customer) with this email and password, or — when a live account already
 * uses the email — adds the admin role to it and leaves its password as it is. There is no default admin and no
 * default password: this (the `admin:create` CLI) is how the first admin comes to exist.
 */
export async function createAdmin(
  rt: UserRuntime,
  input: { email: string; password: string; displayName?: string },
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<AdminOutcome> {
  const checked = checkAdminInput(input.email, input.password);
  if ('message' in checked) return { kind: 'refused', message: checked.message };
  const db = rt.db.db;
  const now = rt.clock.now();
  const [existing] = await db.select().from(users).where(and(eq(users.email, checked.email), isNull(users.deletedAt)));
  if (existing) {
    const [user] = await db
      .update(users)
      .set({ roles: sql`array(select distinct r from unnest(${users.roles} || array['admin']::text[]) r order by r)`, updatedAt: now })
      .where(eq(users.id, existing.id))
      .returning();
    return { kind: 'promoted', user: user! };
  }
  const passwordHash = await hashPassword(input.password, params);
  const [user] = await db
    .insert(users)
    .values({
      email: checked.email,
      displayName: input.displayName?.trim() || 'Administrator',
      roles: ['admin', 'customer'],
      passwordHash,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) return { kind: 'refused', message: 'Another process created an account with this email just now; run the command again.' };
  return { kind: 'created', user };
}
