import { describe, expect, it } from 'vitest';
import { ACCESS_COOKIE, REFRESH_COOKIE, safeNext } from './identity';
import { ACCESS_MARGIN_S, authCookies, jwtLifetimeS, tokenLifetimes } from './token-cookies';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (iat: number, exp: number) => `${b64({ alg: 'EdDSA' })}.${b64({ sub: 'u', iat, exp })}.signature`;

describe('token cookies', () => {
  const iat = Date.parse('2026-11-21T12:00:00Z') / 1000;
  const auth = {
    accessToken: jwt(iat, iat + 900),
    accessTokenExpiresAt: '2026-11-21T12:15:00.000Z',
    refreshToken: 'opaque-refresh-token-value',
    refreshTokenExpiresAt: '2026-12-21T12:00:00.000Z',
  };

  it('reads the lifetime of a JWT', () => {
    expect(jwtLifetimeS(auth.accessToken)).toBe(900);
    expect(jwtLifetimeS('not-a-jwt')).toBeNull();
  });

  it('sizes the cookies on the platform clock, not this server’s (a platform with a fixed clock still works)', () => {
    const farFuture = Date.parse('2031-01-01T00:00:00Z');
    expect(tokenLifetimes(auth, farFuture)).toEqual({ accessS: 900 - ACCESS_MARGIN_S, refreshS: 30 * 24 * 3600 });
  });

  it('sets both cookies httpOnly', () => {
    const cookies = authCookies(auth, Date.now());
    expect(cookies.map((c) => [c.name, c.options.httpOnly, c.options.sameSite])).toEqual([
      [ACCESS_COOKIE, true, 'lax'],
      [REFRESH_COOKIE, true, 'lax'],
    ]);
  });

  it('only returns to paths inside the storefront after signing in', () => {
    expect(safeNext('/products/mug?x=1')).toBe('/products/mug?x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil', 'javascript:alert(1)', 42, null]) expect(safeNext(bad)).toBe('/account');
  });
});
