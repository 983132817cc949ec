import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import type { KeyPair } from './keys.ts';

/** Issuer of every Emporium token. */
export const TOKEN_ISSUER = 'emporium';
/** Audience of user access tokens (the API). */
export const ACCESS_AUDIENCE = 'emporium:api';
/** Audience of service tokens (subgraph-to-subgraph and gateway-to-subgraph calls). */
export const SERVICE_AUDIENCE = 'emporium:service';

/** The roles a user can hold. */
export type Role = 'customer' | 'merchant' | 'admin' | 'partner';

/** What a verified access token says about its user. */
export interface AccessClaims {
  userId: string;
  roles: Role[];
  sessionId: string | null;
  /** Profile defaults carried in the token so subgraphs need no lookup: ISO country and currency. */
  country: string | null;
  currency: string | null;
  expiresAt: number;
}

/** What a verified service token says about its caller. */
export interface ServiceClaims {
  service: string;
  expiresAt: number;
}

/** Thrown when a token is malformed, forged, expired or meant for someone else. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Signs a user access token (EdDSA) valid for `ttlSeconds` (default 15 minutes). */
export async function signAccessToken(
  key: KeyPair,
  claims: { userId: string; roles: Role[]; sessionId?: string | null; country?: string; currency?: string },
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  if (!key.privateKey) throw new Error('This process has no access signing key.');
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    roles: claims.roles,
    ...(claims.sessionId ? { sid: claims.sessionId } : {}),
    ...(claims.country ? { country: claims.country } : {}),
    ...(claims.currency ? { currency: claims.currency } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(ACCESS_AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (opts.ttlSeconds ?? 900))
    .sign(key.privateKey);
}

/** Signs a service token naming the calling service. */
export async function signServiceToken(key: KeyPair, service: string, ttlSeconds = 300): Promise<string> {
  if (!key.privateKey) throw new Error('This process has no service signing key.');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(SERVICE_AUDIENCE)
    .setSubject(`service:${service}`)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

/** Holds one service token and signs a fresh one a minute before it expires (no signing per request). */
export function serviceTokenSource(key: KeyPair, service: string, ttlSeconds = 300): () => Promise<string> {
  let token: string | undefined;
  let renewAt = 0;
  let pending: Promise<string> | undefined;
  return async () => {
    if (token && Date.now() < renewAt) return token;
    pending ??= signServiceToken(key, service, ttlSeconds).then((t) => {
      token = t;
      renewAt = Date.now() + (ttlSeconds - 60) * 1000;
      pending = undefined;
      return t;
    });
    return pending;
  };
}

const roleSet = new Set<Role>(['customer', 'merchant', 'admin', 'partner']);

/**
 * Verifies tokens with a cache keyed by the token string (valid until the token's own expiry), so a token seen again
 * costs a map lookup instead of a signature check. Only EdDSA is accepted: `alg: none` and HMAC tokens are refused.
 */
export function createTokenVerifier(keys: { access: KeyPair; service: KeyPair }, opts: { now?: () => Date } = {}) {
  const now = () => (opts.now ? opts.now().getTime() : Date.now());
  const accessCache = new LRUCache<string, AccessClaims>({ max: 10_000 });
  const serviceCache = new LRUCache<string, ServiceClaims>({ max: 1_000 });

  async function verify(token: string, key: KeyPair, audience: string) {
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: ['EdDSA'],
        issuer: TOKEN_ISSUER,
        audience,
        currentDate: new Date(now()),
      });
      return payload;
    } catch (err) {
      const reason = err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
      throw new InvalidTokenError(`The token is ${reason}.`);
    }
  }

  return {
    async verifyAccess(token: string): Promise<AccessClaims> {
      const hit = accessCache.get(token);
      if (hit && hit.expiresAt * 1000 > now()) return hit;
      const p = await verify(token, keys.access, ACCESS_AUDIENCE);
      const roles = Array.isArray(p.roles) ? p.roles.filter((r): r is Role => roleSet.has(r as Role)) : [];
      if (typeof p.sub !== 'string' || typeof p.exp !== 'number') throw new InvalidTokenError('The token is invalid.');
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      const claims: AccessClaims = {
        userId: p.sub,
        roles,
        sessionId: str(p.sid),
        country: str(p.country),
        currency: str(p.currency),
        expiresAt: p.exp,
      };
      accessCache.set(token, claims);
      return claims;
    },
    async verifyService(token: string): Promise<ServiceClaims> {
      const hit = serviceCache.get(token);
      if (hit && hit.expiresAt * 1000 > now()) return hit;
      const p = await verify(token, keys.service, SERVICE_AUDIENCE);
      if (typeof p.sub !== 'string' || !p.sub.startsWith('service:') || typeof p.exp !== 'number') {
        throw new InvalidTokenError('The token is invalid.');
      }
      const claims: ServiceClaims = { service: p.sub.slice('service:'.length), expiresAt: p.exp };
      serviceCache.set(token, claims);
      return claims;
    },
  };
}
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
