import { forbidden, isUuid, requireUser, unauthenticated, type Identity } from '@emporium/kit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hashToken } from '../auth/tokens.ts';
import { issueAccessToken, type IssuedRefresh } from '../auth/sessions.ts';
import type { Context } from '../context.ts';
import { users } from '../db/schema.ts';
import type { UserModel } from '../models.ts';

/**
 * True when the caller may see the private fields of `user`: the user themself, an admin, or a service calling on its
 * own behalf. The gateway's service token only vouches for the end user's session (it is sent with every forwarded
 * request), so it grants nothing by itself.
 */
export function canSeePrivate(identity: Identity, user: Pick<UserModel, 'id'>, authenticated?: ReadonlySet<string>): boolean {
  if (isTrustedService(identity) || authenticated?.has(user.id)) return true;
  const caller = identity.user;
  return caller !== null && (caller.id.toLowerCase() === user.id || caller.roles.includes('admin'));
}

/** A service other than the gateway, calling on its own behalf. */
export function isTrustedService(identity: Identity): boolean {
  return identity.service !== null && identity.service !== 'gateway';
}

/** The signed-in caller's id (UNAUTHENTICATED when anonymous or when the token's subject is not a user id). */
export function callerId(identity: Identity): string {
  const user = requireUser(identity);
  if (!isUuid(user.id)) throw unauthenticated('The access token does not name a user account.');
  return user.id.toLowerCase();
}

/** The caller's live account row; UNAUTHENTICATED when it was deleted or never existed. */
export async function loadCaller(ctx: Context): Promise<UserModel> {
  const id = callerId(ctx.identity);
  const [user] = await ctx.rt.db.db.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).limit(1);
  if (!user) throw unauthenticated('Your account no longer exists; sign in again.');
  return user;
}

/**
 * Admins only (FORBIDDEN otherwise); returns the admin's id. Besides the token's role it re-reads the account (one
 * statement), so an admin whose role was removed or whose account was deleted loses admin powers at once, not when
 * the access token expires.
 */
export async function requireAdmin(ctx: Context): Promise<string> {
  const id = callerId(ctx.identity);
  if (!ctx.identity.user?.roles.includes('admin')) throw forbidden('Only admins may do this.');
  const [row] = await ctx.rt.db.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt), sql`${users.roles} @> array['admin']::text[]`))
    .limit(1);
  if (!row) throw forbidden('Only admins may do this.');
  return id;
}

/** The client address the attempt limits count against (the gateway forwards the end client's). */
export function clientKey(identity: Identity): string {
  return identity.clientIp ?? 'unknown';
}

/** The per-account limiter key: a hash of the normalised email (or of the user id when there is none). */
export function accountKey(emailOrId: string): string {
  return hashToken(emailOrId).slice(0, 32);
}

/** Counts one attempt against each key in order; the first refusal becomes a TooManyAttempts result. */
export async function consumeAttempts(
  ctx: Context,
  checks: readonly [key: string, rule: { limit: number; windowSeconds: number }][],
): Promise<{ __typename: 'TooManyAttempts'; message: string; retryAfterSeconds: number } | null> {
  for (const [key, rule] of checks) {
    const decision = await ctx.services.limiter.consume(key, rule);
    if (decision.degraded) ctx.log.debug({ key: key.split(':').slice(0, 2).join(':') }, 'attempt limiter degraded (Redis unavailable): in-process limits apply');
    if (!decision.allowed) {
      const minutes = Math.ceil(decision.retryAfterSeconds / 60);
      return {
        __typename: 'TooManyAttempts',
        message: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        retryAfterSeconds: decision.retryAfterSeconds,
      };
    }
  }
  return null;
}

/** The AuthPayload of a signed-in user: a fresh access token plus the session's new refresh token. */
export async function authPayload(ctx: Context, user: UserModel, refresh: IssuedRefresh) {
  ctx.authenticated.add(user.id);
  const access = await issueAccessToken(ctx.rt.keys.access, user);
  return {
    __typename: 'AuthPayload' as const,
    user,
    ...access,
    refreshToken: refresh.refreshToken,
    refreshTokenExpiresAt: refresh.refreshTokenExpiresAt,
  };
}
