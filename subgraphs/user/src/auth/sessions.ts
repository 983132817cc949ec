import { and, eq, isNull, sql } from 'drizzle-orm';
import { signAccessToken, type Database, type KeyPair, type Role, type Transaction } from '@emporium/kit';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_MS, SESSION_MAX_AGE_MS } from '../config.ts';
import { refreshTokens, sessions, users } from '../db/schema.ts';
import type { UserModel } from '../models.ts';
import type { UserSchema } from '../runtime.ts';
import { hashToken, newSecretToken } from './tokens.ts';

type Db = Database<UserSchema> | Transaction<UserSchema>;

const knownRoles = new Set<string>(['customer', 'merchant', 'admin', 'partner']);

/** The roles of a user row as token claims. */
export function rolesOf(user: Pick<UserModel, 'roles'>): Role[] {
  return user.roles.filter((r): r is Role => knownRoles.has(r));
}

/** A new refresh token of a session. */
export interface IssuedRefresh {
  sessionId: string;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

async function insertRefreshToken(db: Db, sessionId: string, sessionExpiresAt: Date, now: Date): Promise<IssuedRefresh> {
  const refreshToken = newSecretToken();
  const expiresAt = new Date(Math.min(now.getTime() + REFRESH_TOKEN_TTL_MS, sessionExpiresAt.getTime()));
  await db.insert(refreshTokens).values({ sessionId, tokenHash: hashToken(refreshToken), createdAt: now, expiresAt });
  return { sessionId, refreshToken, refreshTokenExpiresAt: expiresAt };
}

/** Starts a session (a new refresh-token family) for a user: two INSERTs, run inside the caller's transaction. */
export async function startSession(db: Db, userId: string, now: Date): Promise<IssuedRefresh> {
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_MS);
  const [session] = await db.insert(sessions).values({ userId, createdAt: now, expiresAt }).returning({ id: sessions.id });
  return insertRefreshToken(db, session!.id, expiresAt, now);
}

/**
 * A signed access token for the user with the profile's country and currency as claims (other subgraphs default
 * prices from them without a lookup). Expiry is wall-clock time: every verifier checks it against the system clock.
 */
export async function issueAccessToken(key: KeyPair, user: UserModel): Promise<{ accessToken: string; accessTokenExpiresAt: Date }> {
  const issuedAt = new Date();
  const accessToken = await signAccessToken(
    key,
    {
      userId: user.id,
      roles: rolesOf(user),
      ...(user.country ? { country: user.country.trim() } : {}),
      ...(user.currency ? { currency: user.currency.trim() } : {}),
    },
    { ttlSeconds: ACCESS_TOKEN_TTL_SECONDS, now: issuedAt },
  );
  return { accessToken, accessTokenExpiresAt: new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 + ACCESS_TOKEN_TTL_SECONDS * 1000) };
}

/** What presenting a refresh token leads to. */
export type RotationOutcome =
  | { kind: 'rotated'; user: UserModel; refresh: IssuedRefresh }
  | { kind: 'invalid' }
  | { kind: 'reused'; sessionId: string };

/**
 * Rotates a refresh token in one transaction: the presented token is locked (FOR UPDATE) and spent, a new one of the
 * same session is issued. A token that was already spent means it was copied: the whole session is revoked
 * (reason `refresh-token-reuse`) and that revocation is committed. Unknown, expired or revoked → invalid.
 */
export async function rotateRefreshToken(db: Database<UserSchema>, token: string, now: Date): Promise<RotationOutcome> {
  if (token.length === 0 || token.length > 200) return { kind: 'invalid' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ token: refreshTokens, session: sessions, user: users })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(refreshTokens.tokenHash, hashToken(token)))
      .for('update');
    if (!row || row.session.revokedAt !== null) return { kind: 'invalid' } as const;
    if (row.token.usedAt !== null) {
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'refresh-token-reuse' })
        .where(and(eq(sessions.id, row.session.id), isNull(sessions.revokedAt)));
      return { kind: 'reused', sessionId: row.session.id } as const;
    }
    if (row.token.expiresAt <= now || row.session.expiresAt <= now || row.user.deletedAt !== null) return { kind: 'invalid' } as const;
    await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.id, row.token.id));
    await tx.update(sessions).set({ lastRefreshedAt: now }).where(eq(sessions.id, row.session.id));
    const refresh = await insertRefreshToken(tx, row.session.id, row.session.expiresAt, now);
    return { kind: 'rotated', user: row.user, refresh } as const;
  });
}

/** Revokes the session a refresh token belongs to (spent or not); returns 0 or 1. */
export async function revokeSessionOf(db: Database<UserSchema>, token: string, now: Date): Promise<number> {
  if (token.length === 0 || token.length > 200) return 0;
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: 'sign-out' })
    .where(
      and(
        isNull(sessions.revokedAt),
        sql`${sessions.id} = (select ${refreshTokens.sessionId} from ${refreshTokens} where ${refreshTokens.tokenHash} = ${hashToken(token)})`,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** Revokes every open session of a user; returns how many. */
export async function revokeAllSessions(db: Db, userId: string, now: Date, reason: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}
