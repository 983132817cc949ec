/**
 * Keeps a signed-in shopper signed in: when the short-lived access-token cookie has gone (it expires 30 s before the
 * token does) but the refresh-token cookie is still there, exchanges the refresh token for new tokens before the
 * request reaches a page or server action, and hands the new access token to it in the request's cookies. The
 * matcher only runs this for exactly that case, so anonymous and freshly signed-in requests pay nothing.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { ACCESS_COOKIE, ForwardedHeader, REFRESH_COOKIE, SESSION_COOKIE, validForwardedFor, validSessionId, validToken } from '@/lib/identity';
import { refreshTokens } from '@/lib/refresh';
import { authCookies } from '@/lib/token-cookies';

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const refreshToken = validToken(request.cookies.get(REFRESH_COOKIE)?.value);
  if (!refreshToken || request.cookies.has(ACCESS_COOKIE)) return NextResponse.next();
  const outcome = await refreshTokens(refreshToken, {
    session: validSessionId(request.cookies.get(SESSION_COOKIE)?.value),
    forwardedFor: validForwardedFor(request.headers.get(ForwardedHeader.forwardedFor)),
  });
  if (outcome.kind === 'unavailable') return NextResponse.next();

  const requestHeaders = new Headers(request.headers);
  const cookies = new Map(request.cookies.getAll().map((c) => [c.name, c.value]));
  const set = outcome.kind === 'refreshed' ? authCookies(outcome.auth, Date.now()) : [];
  cookies.delete(REFRESH_COOKIE);
  for (const c of set) cookies.set(c.name, c.value);
  requestHeaders.set('cookie', [...cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '));

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (outcome.kind === 'refreshed') for (const c of set) response.cookies.set(c.name, c.value, c.options);
  else response.cookies.delete(REFRESH_COOKIE);
  return response;
}

// Literal cookie names: Next.js reads this object at build time (they are REFRESH_COOKIE and ACCESS_COOKIE).
export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      has: [{ type: 'cookie', key: 'emporium_refresh' }],
      missing: [{ type: 'cookie', key: 'emporium_access' }],
    },
  ],
};
