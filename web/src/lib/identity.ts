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
