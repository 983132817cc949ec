/**
 * The signed-in shopper, server side: whether there is one, storing and clearing their tokens, and where to send
 * them back after signing in. Tokens live only in httpOnly cookies; pages forward the access token as
 * `Authorization: Bearer …` (gateway.ts) and the proxy refreshes it when it has expired (proxy.ts).
 */
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { AuthFieldsFragment } from '@/gql/graphql';
import { ACCESS_COOKIE, REFRESH_COOKIE, safeNext, validToken } from './identity';

export { safeNext };
import { authCookies, type CookieToSet } from './token-cookies';

/** True when the request carries the shopper's tokens (the access token, or a refresh token the proxy could not use yet). */
export async function isSignedIn(): Promise<boolean> {
  const store = await cookies();
  return Boolean(validToken(store.get(ACCESS_COOKIE)?.value) ?? validToken(store.get(REFRESH_COOKIE)?.value));
}

/** The refresh token of the request, for signing out. */
export async function refreshTokenCookie(): Promise<string | null> {
  return validToken((await cookies()).get(REFRESH_COOKIE)?.value);
}

/** Stores cookies (server actions and route handlers only). */
export async function setCookies(list: readonly CookieToSet[]): Promise<void> {
  const store = await cookies();
  for (const c of list) store.set(c.name, c.value, c.options);
}

/** Stores the tokens of a sign-in, sign-up or refresh (server actions and route handlers only). */
export async function storeAuth(auth: AuthFieldsFragment): Promise<void> {
  await setCookies(authCookies(auth, Date.now()));
}

/** Forgets the shopper's tokens (server actions and route handlers only). */
export async function clearAuth(): Promise<void> {
  const store = await cookies();
  store.delete(ACCESS_COOKIE);
  store.delete(REFRESH_COOKIE);
}

/** The sign-in page that returns to `next` afterwards. */
export function signInHref(next: string): string {
  return `/sign-in?${new URLSearchParams({ next: safeNext(next, '/account') }).toString()}`;
}

/** Sends anonymous shoppers to sign in first (pages that are only for signed-in shoppers). */
export async function requireSignIn(next: string): Promise<void> {
  if (!(await isSignedIn())) redirect(signInHref(next));
}
