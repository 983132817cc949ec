import type { Metadata } from 'next';
import Link from 'next/link';
import { removeLineAction, removePromoAction, updateLineAction } from './actions';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { PriceTag, StockBadge } from '@/components/ProductBits';
import { productHref } from '@/components/ProductCard';
import { PromoForm } from '@/components/PromoForm';
import styles from '@/components/cart.module.css';
import { MAX_LINE_QUANTITY, shopperCart } from '@/lib/cart';
import { CartDetailsDocument } from '@/lib/documents/checkout';
import { itemsLabel } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import type { SearchParams } from '@/lib/search-state';
import { CartTotals } from './CartTotals';

// Rendered per request: the cart is the shopper's own.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

const PROBLEMS: Record<string, string> = {
  quantity: `Quantities are whole numbers from 0 (removes the product) to ${MAX_LINE_QUANTITY}.`,
  update: 'Your cart could not be changed just now. Please try again.',
};

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

export default async function CartPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const problemKey = (await searchParams).problem;
  const problem = typeof problemKey === 'string' ? PROBLEMS[problemKey] : undefined;
  const { cartId } = await shopperCart();
  if (!cartId) {
    return (
      <div className="container">
        <h1 className={styles.title}>Your cart</h1>
        <EmptyCart />
      </div>
    );
  }

  const { data, error } = await queryGateway(CartDetailsDocument, { id: cartId });
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

  return (
    <div className="container">
      <div className={styles.header}>
        <h1 className={styles.title}>Your cart</h1>
        <p className={styles.count}>{itemsLabel(cart.itemCount)}</p>
      </div>
      {problem && (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      )}
      {error && <PartialDataNotice error={error} />}

      <div className={styles.layout}>
        <ul className={styles.lines} aria-label="Products in your cart">
          {cart.lines.map((line) => {
            const titleId = `line-${line.id}-title`;
            const qtyId = `line-${line.id}-qty`;
            const max = Math.max(line.quantity, Math.min(MAX_LINE_QUANTITY, line.product.availability?.quantityAvailable ?? MAX_LINE_QUANTITY));
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
                  <form action={updateLineAction} className={styles.lineQuantity}>
                    <input type="hidden" name="lineId" value={line.id} />
                    <label htmlFor={qtyId} className={styles.lineLabel}>
                      Quantity<span className="visually-hidden"> of {line.product.title}</span>
                    </label>{' '}
                    <span data-testid="cart-line-quantity" className="visually-hidden">
                      {line.quantity}
                    </span>
                    <input id={qtyId} name="quantity" type="number" inputMode="numeric" min={0} max={max} defaultValue={line.quantity} className={styles.qtyInput} />
                    <button type="submit" className={styles.smallButton}>
                      Update<span className="visually-hidden"> quantity of {line.product.title}</span>
                    </button>
                  </form>
                  <p className={styles.lineTotal}>
                    <span className={styles.lineLabel}>Total</span> {line.total?.formatted ?? <span className={styles.muted}>unavailable</span>}
                  </p>
                  <form action={removeLineAction}>
                    <input type="hidden" name="lineId" value={line.id} />
                    <button type="submit" className={styles.linkButton}>
                      Remove<span className="visually-hidden"> {line.product.title}</span>
                    </button>
                  </form>
                </div>
              </li>
            );
          })}
        </ul>

        <aside className={styles.summary} aria-labelledby="summary-title">
          <h2 id="summary-title" className={styles.summaryTitle}>
            Summary
          </h2>
          <CartTotals cart={cart} />
          {cart.promoCodes.length > 0 && (
            <ul className={styles.promoList} aria-label="Promo codes">
              {cart.promoCodes.map((code) => (
                <li key={code}>
                  <code>{code}</code>{' '}
                  <form action={removePromoAction} style={{ display: 'inline' }}>
                    <input type="hidden" name="code" value={code} />
                    <button type="submit" className={styles.linkButton}>
                      Remove<span className="visually-hidden"> promo code {code}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <PromoForm />
          {cart.totals ? (
            <p>
              <Link className={`${styles.button} ${styles.checkoutButton}`} href="/checkout">
                Go to checkout
              </Link>
            </p>
          ) : (
            <p className={styles.checkoutSoon} role="note">
              The cart could not be priced just now, so checkout is not available. Please try again in a moment.
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}
