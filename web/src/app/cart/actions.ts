'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { MAX_LINE_QUANTITY, addToShopperCart, shopperCart } from '@/lib/cart';
import { ApplyPromoCodeDocument, RemoveCartLineDocument, RemovePromoCodeDocument, UpdateCartLineDocument } from '@/lib/documents/checkout';
import { describeGatewayError, errorCodes, mutateGateway } from '@/lib/gateway';
import { validUuid } from '@/lib/identity';

/** What the add-to-cart form shows after a submission. `seq` changes on every answer so the message is re-announced. */
export interface AddToCartState {
  status: 'idle' | 'added' | 'error';
  message: string;
  seq: number;
}

/**
 * Server action behind the product page's add-to-cart form (works without JavaScript too). Validates the form,
 * adds the units through the gateway with the shopper's anonymous session and refreshes the page so the header's
 * item count is current.
 */
export async function addToCart(previous: AddToCartState, formData: FormData): Promise<AddToCartState> {
  const seq = previous.seq + 1;
  const productId = validUuid(String(formData.get('productId') ?? ''));
  if (!productId) return { status: 'error', message: 'This product cannot be added to the cart.', seq };
  const rawQuantity = String(formData.get('quantity') ?? '1').trim();
  const quantity = /^\d{1,3}$/.test(rawQuantity) ? Number(rawQuantity) : Number.NaN;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    return { status: 'error', message: `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`, seq };
  }

  const result = await addToShopperCart(productId, quantity);
  if (!result.ok) return { status: 'error', message: result.message, seq };
  refresh();
  const units = (n: number) => (n === 1 ? '1 item' : `${n} items`);
  return {
    status: 'added',
    message: `Added ${quantity} × ${result.title} to your cart. It now holds ${result.lineQuantity} of these and ${units(result.itemCount)} in all.`,
    seq,
  };
}

/** What the promo-code form shows after a submission. */
export interface PromoState {
  status: 'idle' | 'applied' | 'error';
  message: string;
  seq: number;
}

/** Changes a line's quantity (0 removes it). Plain form; problems come back as `?problem=` on the cart page. */
export async function updateLineAction(formData: FormData): Promise<void> {
  const { cartId } = await shopperCart();
  const lineId = validUuid(String(formData.get('lineId') ?? ''));
  const raw = String(formData.get('quantity') ?? '').trim();
  const quantity = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!cartId || !lineId) redirect('/cart');
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) redirect(`/cart?problem=quantity`);
  const result =
    quantity === 0
      ? await mutateGateway(RemoveCartLineDocument, { cartId, lineId })
      : await mutateGateway(UpdateCartLineDocument, { cartId, lineId, quantity });
  if (!result.data) redirect(`/cart?problem=${errorCodes(result.error).includes('BAD_USER_INPUT') ? 'quantity' : 'update'}`);
  refresh();
}

/** Removes a line from the cart. */
export async function removeLineAction(formData: FormData): Promise<void> {
  const { cartId } = await shopperCart();
  const lineId = validUuid(String(formData.get('lineId') ?? ''));
  if (!cartId || !lineId) redirect('/cart');
  const result = await mutateGateway(RemoveCartLineDocument, { cartId, lineId });
  if (!result.data) redirect('/cart?problem=update');
  refresh();
}

/** Applies a promo code; a code that does not apply comes back with the API's reason. */
export async function applyPromoAction(previous: PromoState, formData: FormData): Promise<PromoState> {
  const seq = previous.seq + 1;
  const { cartId } = await shopperCart();
  const code = String(formData.get('code') ?? '').trim().toUpperCase().slice(0, 64);
  if (!cartId) return { status: 'error', message: 'Your cart is empty.', seq };
  if (!code) return { status: 'error', message: 'Enter a promo code.', seq };
  const result = await mutateGateway(ApplyPromoCodeDocument, { cartId, code });
  if (!result.data) {
    const first = result.error.graphQLErrors[0];
    if (first?.extensions?.code === 'BAD_USER_INPUT') return { status: 'error', message: first.message, seq };
    return { status: 'error', message: `${describeGatewayError(result.error).title}. The code was not applied.`, seq };
  }
  const answer = result.data.applyPromoCode;
  if (answer.__typename === 'PromoCodeInvalid') return { status: 'error', message: answer.message, seq };
  refresh();
  return { status: 'applied', message: `${code} applied.`, seq };
}

/** Removes an applied promo code. */
export async function removePromoAction(formData: FormData): Promise<void> {
  const { cartId } = await shopperCart();
  const code = String(formData.get('code') ?? '').slice(0, 64);
  if (!cartId || !code) redirect('/cart');
  const result = await mutateGateway(RemovePromoCodeDocument, { cartId, code });
  if (!result.data) redirect('/cart?problem=update');
  refresh();
}
