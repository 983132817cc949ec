/**
 * Names and checks shared by the server-side gateway client and the `/api/graphql` proxy: how the storefront
 * hands the shopper's identity on to the Emporium gateway.
 */

/** The anonymous shopper session cookie set by the storefront. */
export const SESSION_COOKIE = 'emporium_session';

/** Request headers the gateway reads the caller's identity from. */
export const ForwardedHeader = {
  authorization: 'authorization',
  session: 'x-emporium-session',
  forwardedFor: 'x-forwarded-for',
} as const;

/** Same shape the platform accepts for a session id (see packages/kit auth/identity.ts); anything else is dropped. */
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Returns the session id when it is well-formed, otherwise null (never forwards arbitrary cookie content). */
export function validSessionId(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return SESSION_ID.test(trimmed) ? trimmed : null;
}

/** Keeps an `x-forwarded-for` chain only when it is a plausible list of addresses (bounded, no control chars). */
export function validForwardedFor(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 512) return null;
  return /^[0-9A-Fa-f:.,\s[\]]+$/.test(trimmed) ? trimmed : null;
}

/** The shopper's cart id, kept by the storefront in an httpOnly cookie (the cart itself lives in the order subgraph). */
export const CART_COOKIE = 'emporium_cart';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns the value when it is a UUID (cart and product ids), lower-cased; otherwise null. */
export function validUuid(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return UUID.test(trimmed) ? trimmed.toLowerCase() : null;
}

/** How long the storefront keeps the session cookie (the gateway's own cookie lasts as long) and the cart cookie. */
export const SESSION_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
export const CART_COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/**
 * Attributes of the storefront's cookies: httpOnly (no script reads them), SameSite=Lax, whole site, `Secure` when
 * `SECURE_COOKIES=true` (behind HTTPS; the same switch as the gateway's).
 */
export function cookieOptions(maxAge: number): { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; maxAge: number } {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: process.env.SECURE_COOKIES === 'true', maxAge };
}

/** The signed-in shopper's access token (short-lived) and refresh token, kept by the storefront in httpOnly cookies. */
export const ACCESS_COOKIE = 'emporium_access';
export const REFRESH_COOKIE = 'emporium_refresh';

/** Tokens are compact JWS or opaque base64url strings; anything else (or anything huge) is not forwarded. */
const TOKEN = /^[A-Za-z0-9_.~+/=-]{16,4096}$/;

/** Returns the token when it is well-formed, otherwise null. */
export function validToken(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return TOKEN.test(trimmed) ? trimmed : null;
}

/** A path inside the storefront to return to (`/account`, `/products/x?y`), or the fallback for anything else. */
export function safeNext(raw: unknown, fallback = '/account'): string {
  if (typeof raw !== 'string') return fallback;
  const next = raw.trim();
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || next.length > 1000 || /[\u0000-\u001f]/.test(next)) return fallback;
  return next;
}
