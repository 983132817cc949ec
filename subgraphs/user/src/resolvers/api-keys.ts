import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { badInput, decodeCursor, encodeCursor, notFound, pageSize, requireService } from '@emporium/kit';
import { hashToken, newSecretToken } from '../auth/tokens.ts';
import type { Context } from '../context.ts';
import { apiKeys, users } from '../db/schema.ts';
import type { ApiKeyModel } from '../models.ts';
import type { ApiKeyStatus, MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import * as v from '../validate.ts';
import { connection } from './lists.ts';
import { requireAdmin } from './shared.ts';

/** `lastUsedAt` is written at most this often per key (a lookup per partner request must not mean a write each). */
const TOUCH_INTERVAL_MS = 60_000;
const HASH = /^[0-9a-f]{64}$/;

/** ACTIVE, REVOKED or EXPIRED at `now`. */
export function apiKeyStatus(key: ApiKeyModel, now: Date): ApiKeyStatus {
  if (key.revokedAt !== null) return 'REVOKED';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * A new key: `emp_<8 hex prefix>_<43 base64url secret>` (256 random bits). Only sha256(key) in hex and the
 * `emp_<prefix>` part are stored.
 */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `emp_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${newSecretToken()}`;
  return { key, prefix, hash: hashToken(key) };
}

export const apiKeyQueries: Pick<QueryResolvers<Context>, 'apiKeys' | 'apiKeyByHash'> = {
  async apiKeys(_root, args, ctx) {
    await requireAdmin(ctx);
    const n = pageSize(args.first, 50, 100);
    let position: { at: Date; id: string } | null = null;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const date = new Date(String(at));
      if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw badInput('after is not a valid cursor.', 'after');
      position = { at: date, id };
    }
    const visible = args.includeRevoked ? undefined : isNull(apiKeys.revokedAt);
    const keyset = position ? or(lt(apiKeys.createdAt, position.at), and(eq(apiKeys.createdAt, position.at), lt(apiKeys.id, position.id))) : undefined;
    const db = ctx.rt.db.db;
    const [rows, [count]] = await Promise.all([
      n === 0 ? Promise.resolve([]) : db.select().from(apiKeys).where(and(visible, keyset)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).limit(n + 1),
      db.select({ n: sql<number>`count(*)::int` }).from(apiKeys).where(visible),
    ]);
    return connection(rows, n, count?.n ?? 0, position !== null, (k) => encodeCursor([k.createdAt.toISOString(), k.id]));
  },

  async apiKeyByHash(_root, { hash }, ctx) {
    requireService(ctx.identity);
    const h = hash.trim().toLowerCase();
    if (!HASH.test(h)) throw badInput('hash must be the hex SHA-256 of the key (64 hex digits).', 'hash');
    const db = ctx.rt.db.db;
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, h)).limit(1);
    if (!key) return null;
    const now = ctx.rt.clock.now();
    if (apiKeyStatus(key, now) === 'ACTIVE' && (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS)) {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: now })
        .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - TOUCH_INTERVAL_MS + 1)))));
      return { ...key, lastUsedAt: now };
    }
    return key;
  },
};

export const apiKeyMutations: Pick<MutationResolvers<Context>, 'issueApiKey' | 'revokeApiKey'> = {
  async issueApiKey(_root, { input }, ctx) {
    const adminId = await requireAdmin(ctx);
    const name = v.text(input.name, 'input.name', 80);
    const scopes = [...new Set(input.scopes)].sort();
    if (scopes.length === 0) throw badInput('input.scopes must name at least one scope.', 'input.scopes');
    const now = ctx.rt.clock.now();
    let expiresAt: Date | null = null;
    if (input.expiresAt !== null && input.expiresAt !== undefined) {
      expiresAt = new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) throw badInput('input.expiresAt must be in the future.', 'input.expiresAt');
    }
    const db = ctx.rt.db.db;
    let ownerId: string | null = null;
    if (input.ownerId !== null && input.ownerId !== undefined) {
      ownerId = v.uuid(input.ownerId, 'input.ownerId');
      const [owner] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, ownerId), isNull(users.deletedAt)));
      if (!owner) throw badInput(`input.ownerId names no account: ${ownerId}.`, 'input.ownerId');
    }
    const issued = newApiKey();
    const [row] = await db
      .insert(apiKeys)
      .values({ name, prefix: issued.prefix, keyHash: issued.hash, scopes, ownerId, createdBy: adminId, createdAt: now, expiresAt, registeredOperationsOnly: input.registeredOperationsOnly ?? false })
      .returning();
    ctx.log.info({ adminId, apiKeyId: row!.id, scopes }, 'api key issued');
    return { key: issued.key, apiKey: row! };
  },

  async revokeApiKey(_root, { id }, ctx) {
    const adminId = await requireAdmin(ctx);
    const keyId = v.uuid(id, 'id');
    const now = ctx.rt.clock.now();
    const db = ctx.rt.db.db;
    const [revoked] = await db
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: adminId })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning();
    if (revoked) {
      ctx.log.info({ adminId, apiKeyId: keyId }, 'api key revoked');
      return revoked;
    }
    const [existing] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    if (!existing) throw notFound(`No API key ${keyId}.`);
    return existing;
  },
};
