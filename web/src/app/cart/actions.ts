'use server';

import { refresh } from 'next/cache';
import { MAX_LINE_QUANTITY, addToShopperCart } from '@/lib/cart';
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
