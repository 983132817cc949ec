'use server';

import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { shopperCart } from '@/lib/cart';
import { CheckoutDocument, SetCartEmailDocument, SetShippingAddressDocument } from '@/lib/documents/checkout';
import { describeGatewayError, mutateGateway } from '@/lib/gateway';
import { CART_COOKIE } from '@/lib/identity';

/** What the address form shows after a submission. */
export interface AddressState {
  message: string;
  seq: number;
}

function text(formData: FormData, name: string, max: number): string {
  return String(formData.get(name) ?? '').trim().slice(0, max);
}

/** Saves the delivery address (and the guest's e-mail); the page then shows the totals for that country. */
export async function saveAddressAction(previous: AddressState, formData: FormData): Promise<AddressState> {
  const seq = previous.seq + 1;
  const { cartId } = await shopperCart();
  if (!cartId) redirect('/cart');
  const address = {
    name: text(formData, 'name', 100),
    line1: text(formData, 'line1', 200),
    line2: text(formData, 'line2', 200) || null,
    city: text(formData, 'city', 100),
    postalCode: text(formData, 'postalCode', 20),
    country: text(formData, 'country', 2).toUpperCase(),
    phone: text(formData, 'phone', 40) || null,
  };
  if (!address.name || !address.line1 || !address.city || !address.postalCode || !/^[A-Z]{2}$/.test(address.country)) {
    return { message: 'Fill in the name, address, town, postcode and country.', seq };
  }
  const email = text(formData, 'email', 320);
  if (formData.has('email')) {
    if (!email) return { message: 'Enter the e-mail address for the order confirmation.', seq };
    const saved = await mutateGateway(SetCartEmailDocument, { cartId, email });
    if (!saved.data) return { message: saved.error.graphQLErrors[0]?.message ?? describeGatewayError(saved.error).title, seq };
  }
  const result = await mutateGateway(SetShippingAddressDocument, { cartId, address });
  if (!result.data) {
    const first = result.error.graphQLErrors[0];
    return { message: first?.extensions?.code === 'BAD_USER_INPUT' ? first.message : `${describeGatewayError(result.error).title}. Please try again.`, seq };
  }
  refresh();
  return { message: '', seq };
}

/** What the payment form shows; `idempotencyKey` is the key the next submission must use. */
export interface CheckoutState {
  message: string;
  idempotencyKey: string;
  seq: number;
}

/**
 * Places the order with the sandbox card. The idempotency key is made when the checkout page renders and sent
 * again on every resubmission of the same attempt: when the outcome is unknown (a timeout, a network error, a
 * failed service) the retry can never charge twice. After a definite answer (declined, out of stock, price
 * changed …) nothing was charged and the next try is a new attempt with a new key.
 */
export async function checkoutAction(previous: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const seq = previous.seq + 1;
  const key = String(formData.get('idempotencyKey') ?? '');
  const idempotencyKey = /^[A-Za-z0-9_-]{8,100}$/.test(key) ? key : randomUUID();
  const same = (message: string): CheckoutState => ({ message, idempotencyKey, seq });
  const fresh = (message: string): CheckoutState => ({ message, idempotencyKey: randomUUID(), seq });
  const { cartId } = await shopperCart();
  if (!cartId) redirect('/cart');
  const quoteToken = String(formData.get('quoteToken') ?? '');
  const cardNumber = text(formData, 'cardNumber', 30);
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(String(formData.get('expiry') ?? ''));
  const cvc = text(formData, 'cvc', 4);
  if (!/^[\d ]{12,23}$/.test(cardNumber)) return same('Enter the card number (digits, spaces allowed).');
  if (!expiry) return same('Enter the expiry date as MM/YY.');
  const expiryMonth = Number(expiry[1]);
  const expiryYear = expiry[2]!.length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
  if (expiryMonth < 1 || expiryMonth > 12) return same('The expiry month is from 01 to 12.');
  if (!/^\d{3,4}$/.test(cvc)) return same('Enter the 3 or 4 digit security code.');
  if (!quoteToken || quoteToken.length > 8192) return fresh('The total has changed. Check it and pay again.');

  const result = await mutateGateway(CheckoutDocument, { input: { cartId, idempotencyKey, quoteToken, payment: { cardNumber, expiryMonth, expiryYear, cvc } } });
  if (!result.data) {
    const first = result.error.graphQLErrors[0];
    if (first?.extensions?.code === 'BAD_USER_INPUT') return same(first.message);
    // Unknown outcome: keep the key, so trying again cannot charge twice.
    return same(`${describeGatewayError(result.error).title}. You have not been charged twice: try again and we will finish the same order.`);
  }
  const answer = result.data.checkout;
  switch (answer.__typename) {
    case 'CheckoutSuccess': {
      (await cookies()).delete(CART_COOKIE);
      redirect(`/orders/${answer.order.id}?placed=1`);
    }
    // A failed service: nothing charged, the same attempt may be retried.
    case 'CheckoutRejected':
      if (answer.reason === 'CHECKOUT_FAILED') return same(answer.message);
      refresh();
      return fresh(answer.message);
    case 'OutOfStock':
      refresh();
      return fresh(`${answer.message} ${answer.items.map((i) => `${i.product.title}: ${i.available} available`).join('; ')}`);
    case 'PriceChanged':
    case 'PromoCodeInvalid':
      refresh();
      return fresh(answer.message);
    case 'PaymentDeclined':
      return fresh(answer.message);
    case 'IdempotencyKeyConflict':
      return fresh(answer.message);
  }
}
