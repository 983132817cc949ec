import { unauthenticated, type Identity } from '@emporium/kit';
import type { CartModel } from './models.ts';

/**
 * True when the caller owns the cart: a cart with a user belongs to that signed-in user only; a cart without one
 * belongs to the anonymous session that created it (the session id the gateway vouches for, or the token's).
 */
export function ownsCart(identity: Identity, cart: CartModel): boolean {
  if (cart.userId !== null) return identity.user?.id === cart.userId;
  return identity.sessionId !== null && identity.sessionId === cart.sessionId;
}

/** The cart owner for a new cart: the signed-in user and/or the session; UNAUTHENTICATED when there is neither. */
export function cartOwner(identity: Identity): { userId: string | null; sessionId: string | null } {
  if (!identity.user && !identity.sessionId) {
    throw unauthenticated('A cart needs an owner: sign in, or call through the gateway with an anonymous session.');
  }
  return { userId: identity.user?.id ?? null, sessionId: identity.sessionId };
}
