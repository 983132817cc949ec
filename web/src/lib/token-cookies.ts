/** The cookies that hold a signed-in shopper's tokens: names, values and attributes (no Next.js request APIs here). */
import type { AuthFieldsFragment } from '@/gql/graphql';
import { ACCESS_COOKIE, REFRESH_COOKIE, cookieOptions } from './identity';

/** The access cookie disappears this long before the token expires, so the proxy refreshes it in time. */
export const ACCESS_MARGIN_S = 30;

export interface CookieToSet {
  name: string;
  value: string;
  options: ReturnType<typeof cookieOptions>;
}

type Tokens = Pick<AuthFieldsFragment, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken' | 'refreshTokenExpiresAt'>;

/** `exp − iat` of a JWT in seconds, or null when the token is not a readable JWT. The signature is not checked here. */
export function jwtLifetimeS(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= claims.iat) return null;
    return Math.floor(claims.exp - claims.iat);
  } catch {
    return null;
  }
}

/**
 * How long each cookie lives, in seconds. Measured on the platform's clock, not this server's: the access token's
 * own lifetime (`exp − iat`), and the refresh token's expiry relative to the access token's issue time. Only when
 * the access token is not a readable JWT does the local clock (`now`) come in.
 */
export function tokenLifetimes(auth: Tokens, now: number): { accessS: number; refreshS: number } {
  const accessExpires = Date.parse(auth.accessTokenExpiresAt);
  const refreshExpires = Date.parse(auth.refreshTokenExpiresAt);
  const life = jwtLifetimeS(auth.accessToken);
  const issuedAt = life !== null && !Number.isNaN(accessExpires) ? accessExpires - life * 1000 : now;
  const seconds = (until: number) => (Number.isNaN(until) ? 0 : Math.max(0, Math.floor((until - issuedAt) / 1000)));
  return { accessS: Math.max(0, seconds(accessExpires) - ACCESS_MARGIN_S), refreshS: seconds(refreshExpires) };
}

/** The two httpOnly cookies for a sign-in, sign-up or refresh answer. */
export function authCookies(auth: Tokens, now: number): CookieToSet[] {
  const { accessS, refreshS } = tokenLifetimes(auth, now);
  return [
    { name: ACCESS_COOKIE, value: auth.accessToken, options: cookieOptions(accessS) },
    { name: REFRESH_COOKIE, value: auth.refreshToken, options: cookieOptions(refreshS) },
  ];
}

/** The access cookie alone (updateProfile returns a new access token with the new profile claims). */
export function accessCookie(auth: Pick<Tokens, 'accessToken' | 'accessTokenExpiresAt'>, now: number): CookieToSet {
  const { accessS } = tokenLifetimes({ ...auth, refreshToken: '', refreshTokenExpiresAt: auth.accessTokenExpiresAt }, now);
  return { name: ACCESS_COOKIE, value: auth.accessToken, options: cookieOptions(accessS) };
}
