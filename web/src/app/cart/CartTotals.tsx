import styles from '@/components/cart.module.css';
import type { CartFieldsFragment } from '@/gql/graphql';

/** Subtotal, discounts, shipping, tax and total as the pricing service quotes them now. */
export function CartTotals({ cart }: { cart: CartFieldsFragment }) {
  const totals = cart.totals;
  if (!totals) {
    return (
      <dl className={styles.summaryList}>
        <div>
          <dt>Items</dt>
          <dd>{cart.itemCount}</dd>
        </div>
      </dl>
    );
  }
  return (
    <>
      <dl className={styles.summaryList} data-testid="cart-totals">
        <div>
          <dt>Items</dt>
          <dd>{cart.itemCount}</dd>
        </div>
        <div>
          <dt>Subtotal</dt>
          <dd>{totals.subtotal.formatted}</dd>
        </div>
        {totals.promotions.map((p) => (
          <div key={p.code}>
            <dt>
              {p.code}: {p.description}
            </dt>
            <dd>−{p.discount.formatted}</dd>
          </div>
        ))}
        <div>
          <dt>Delivery to {cart.country}</dt>
          <dd>{totals.shipping.amount === 0 ? 'Free' : totals.shipping.formatted}</dd>
        </div>
        <div>
          <dt>{totals.taxIncluded ? 'Including VAT' : 'Tax'}</dt>
          <dd>{totals.tax.formatted}</dd>
        </div>
        <div className={styles.totalRow}>
          <dt>Total</dt>
          <dd data-testid="cart-total">{totals.total.formatted}</dd>
        </div>
      </dl>
      {totals.rejectedPromoCodes.length > 0 && (
        <ul className={styles.problemList}>
          {totals.rejectedPromoCodes.map((p) => (
            <li key={p.code}>
              {p.code}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
