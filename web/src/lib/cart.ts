/**
 * The shopper's cart, server side: which cart the cookies point at, and adding a product to it through the gateway
 * (creating the cart first when there is none, or when the remembered one is gone or belongs to another session).
 */
import { cookies } from 'next/headers';
import type { CombinedError } from '@urql/core';
import { describeGatewayError, errorCodes, mutateGateway } from './gateway';
import {
  CART_COOKIE,
  CART_COOKIE_MAX_AGE_S,
  SESSION_COOKIE,
  SESSION_COOKIE_MAX_AGE_S,
  cookieOptions,
  validSessionId,
  validUuid,
} from './identity';
import { AddCartLineDocument, CreateCartDocument } from './queries';

/** Units of one product a single add may ask for; the order subgraph allows at most 99 per cart line. */
export const MAX_LINE_QUANTITY = 99;

/** The shopper's cart id and session from the request cookies (null when absent or malformed). */
export async function shopperCart(): Promise<{ cartId: string | null; session: string | null }> {
  const store = await cookies();
  return { cartId: validUuid(store.get(CART_COOKIE)?.value), session: validSessionId(store.get(SESSION_COOKIE)?.value) };
}

export type AddToCartResult =
  | { ok: true; title: string; lineQuantity: number; itemCount: number }
  | { ok: false; message: string };

function failure(error: CombinedError): AddToCartResult {
  const codes = errorCodes(error);
  // Catalogued input errors carry a message written for shoppers (e.g. the 99-per-line limit).
  if (codes.includes('BAD_USER_INPUT')) return { ok: false, message: error.graphQLErrors[0]?.message ?? 'That quantity cannot be added.' };
  const summary = describeGatewayError(error);
  return { ok: false, message: `${summary.title}. Your cart was not changed; please try again.` };
}

/**
 * Adds `quantity` units of `productId` to the shopper's cart and remembers the session and cart in httpOnly cookies.
 * Must run in a server action (it sets cookies). Input must already be validated.
 */
export async function addToShopperCart(productId: string, quantity: number): Promise<AddToCartResult> {
  const store = await cookies();
  let { cartId, session } = await shopperCart();

  const remember = () => {
    if (session) store.set(SESSION_COOKIE, session, cookieOptions(SESSION_COOKIE_MAX_AGE_S));
    if (cartId) store.set(CART_COOKIE, cartId, cookieOptions(CART_COOKIE_MAX_AGE_S));
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    if (!cartId) {
      const created = await mutateGateway(CreateCartDocument, {}, { session });
      session = created.session ?? session;
      if (!created.data) {
        remember();
        return failure(created.error);
      }
      cartId = created.data.createCart.id;
    }
    const added = await mutateGateway(AddCartLineDocument, { cartId, productId, quantity }, { session });
    session = added.session ?? session;
    if (added.data) {
      remember();
      const cart = added.data.addCartLine;
      const line = cart.lines.find((l) => l.product.id.toLowerCase() === productId);
      return { ok: true, title: line?.product.title ?? 'The product', lineQuantity: line?.quantity ?? quantity, itemCount: cart.itemCount };
    }
    // The remembered cart is gone or is not this session's: start a new one, once.
    if (attempt === 0 && errorCodes(added.error).includes('NOT_FOUND')) {
      cartId = null;
      store.delete(CART_COOKIE);
      continue;
    }
    remember();
    return failure(added.error);
  }
  return { ok: false, message: 'Your cart could not be updated. Please try again.' };
}
