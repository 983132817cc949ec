import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CartTotals } from '../cart/CartTotals';
import { AddressForm, PaymentForm } from '@/components/CheckoutForms';
import { ErrorState } from '@/components/ErrorState';
import styles from '@/components/cart.module.css';
import account from '@/components/account.module.css';
import { shopperCart } from '@/lib/cart';
import { CartDetailsDocument } from '@/lib/documents/checkout';
import { formatDate } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { isSignedIn } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

/** Checkout in two steps on one page: the delivery address (which prices delivery and tax), then the card. */
export default async function CheckoutPage() {
  const { cartId } = await shopperCart();
  if (!cartId) redirect('/cart');
  const [{ data, error }, signedIn] = await Promise.all([queryGateway(CartDetailsDocument, { id: cartId }), isSignedIn()]);
  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref="/checkout" />
      </div>
    );
  }
  const cart = data.cart;
  if (!cart || cart.lines.length === 0) redirect('/cart');
  const address = cart.shippingAddress ?? null;
  const needsEmail = !signedIn;

  return (
    <div className="container">
      <h1 className={styles.title}>Checkout</h1>
      <div className={styles.layout}>
        <div>
          <section className={account.panel} aria-labelledby="address-title">
            <h2 id="address-title">1. Delivery address</h2>
            <AddressForm address={address} askEmail={needsEmail} email={cart.email ?? null} />
          </section>
          <section className={account.panel} aria-labelledby="payment-title">
            <h2 id="payment-title">2. Payment</h2>
            {!address ? (
              <p className={account.muted}>Save the delivery address first: delivery and tax depend on it.</p>
            ) : needsEmail && !cart.email ? (
              <p className={account.muted}>Add the e-mail address for the order confirmation first.</p>
            ) : !cart.totals ? (
              <p role="alert">The cart could not be priced just now. Reload the page to try again.</p>
            ) : (
              <>
                <p>
                  You pay <strong>{cart.totals.total.formatted}</strong>. This price holds until {formatDate(cart.totals.expiresAt)}.
                </p>
                {/* A new idempotency key per checkout attempt (each render of this page). */}
                <PaymentForm quoteToken={cart.totals.quoteToken} idempotencyKey={randomUUID()} total={cart.totals.total.formatted} />
              </>
            )}
          </section>
        </div>
        <aside className={styles.summary} aria-labelledby="summary-title">
          <h2 id="summary-title" className={styles.summaryTitle}>
            Your order
          </h2>
          <ul className={account.list}>
            {cart.lines.map((line) => (
              <li key={line.id}>
                {line.quantity} × {line.product.title} <span className={account.muted}>{line.total?.formatted}</span>
              </li>
            ))}
          </ul>
          <CartTotals cart={cart} />
          <p>
            <Link href="/cart">Change the cart</Link>
          </p>
        </aside>
      </div>
    </div>
  );
}
