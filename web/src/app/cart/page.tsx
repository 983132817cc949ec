import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { PriceTag, StockBadge } from '@/components/ProductBits';
import { productHref } from '@/components/ProductCard';
import styles from '@/components/cart.module.css';
import type { CartPageQuery } from '@/gql/graphql';
import { shopperCart } from '@/lib/cart';
import { formatMinor, itemsLabel, sumLines } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { CartPageDocument } from '@/lib/queries';

// Rendered per request: the cart is the shopper's own.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

type Line = NonNullable<CartPageQuery['cart']>['lines'][number];

function EmptyCart() {
  return (
    <section className={styles.empty} aria-labelledby="cart-empty-title">
      <h2 id="cart-empty-title">Your cart is empty</h2>
      <p>Add products from their pages and they will appear here.</p>
      <p>
        <Link className={styles.button} href="/">
          Browse the products
        </Link>
      </p>
    </section>
  );
}

function lineTotal(line: Line): string | null {
  const current = line.product.price?.current;
  return current ? formatMinor(current.amount * line.quantity, current.currency) : null;
}

export default async function CartPage() {
  const { cartId } = await shopperCart();
  if (!cartId) {
    return (
      <div className="container">
        <h1 className={styles.title}>Your cart</h1>
        <EmptyCart />
      </div>
    );
  }

  const { data, error } = await queryGateway(CartPageDocument, { id: cartId });
  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref="/cart" />
      </div>
    );
  }
  // A cart that is gone, or that belongs to another session, reads as null: nothing to show.
  const cart = data.cart;
  if (!cart || cart.lines.length === 0) {
    return (
      <div className="container">
        <h1 className={styles.title}>Your cart</h1>
        {error && <PartialDataNotice error={error} />}
        <EmptyCart />
      </div>
    );
  }

  const subtotal = sumLines(cart.lines.map((l) => ({ unit: l.product.price?.current ?? null, quantity: l.quantity })));
  const subtotalText = subtotal ? formatMinor(subtotal.amount, subtotal.currency) : null;

  return (
    <div className="container">
      <div className={styles.header}>
        <h1 className={styles.title}>Your cart</h1>
        <p className={styles.count}>{itemsLabel(cart.itemCount)}</p>
      </div>
      {error && <PartialDataNotice error={error} />}

      <div className={styles.layout}>
        <ul className={styles.lines} aria-label="Products in your cart">
          {cart.lines.map((line) => {
            const total = lineTotal(line);
            const titleId = `line-${line.id}-title`;
            return (
              <li key={line.id} className={styles.line} data-testid="cart-line">
                <div className={styles.lineMain}>
                  {line.product.brand && <p className={styles.lineBrand}>{line.product.brand.name}</p>}
                  <p id={titleId} className={styles.lineTitle}>
                    <Link href={productHref(line.product.slug)} prefetch={false}>
                      {line.product.title}
                    </Link>
                  </p>
                  <p className={styles.lineSku}>SKU {line.product.sku}</p>
                  <StockBadge availability={line.product.availability} />
                </div>
                <div className={styles.lineNumbers}>
                  <div className={styles.lineUnit}>
                    <span className={styles.lineLabel}>Each</span>
                    <PriceTag price={line.product.price} />
                  </div>
                  <p className={styles.lineQuantity}>
                    <span className={styles.lineLabel}>Quantity</span> <span data-testid="cart-line-quantity">{line.quantity}</span>
                  </p>
                  <p className={styles.lineTotal}>
                    <span className={styles.lineLabel}>Total</span> {total ?? <span className={styles.muted}>unavailable</span>}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>

        <aside className={styles.summary} aria-labelledby="summary-title">
          <h2 id="summary-title" className={styles.summaryTitle}>
            Summary
          </h2>
          <dl className={styles.summaryList}>
            <div>
              <dt>Items</dt>
              <dd>{cart.itemCount}</dd>
            </div>
            <div>
              <dt>Subtotal at today’s prices</dt>
              <dd>{subtotalText ?? <span className={styles.muted}>not available</span>}</dd>
            </div>
          </dl>
          <p className={styles.summaryNote}>
            {subtotalText
              ? 'Delivery, discounts and the final total are worked out at checkout.'
              : 'Some prices could not be loaded, so no subtotal is shown.'}
          </p>
          {/* Seam: checkout arrives with the order subgraph's checkout API (issue 8). No pretend checkout until then. */}
          <p className={styles.checkoutSoon} role="note">
            Checkout is not open yet. Your cart stays on this device for 30 days after your last addition.
          </p>
        </aside>
      </div>
    </div>
  );
}
