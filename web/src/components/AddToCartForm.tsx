'use client';

import Link from 'next/link';
import { useActionState, useId } from 'react';
import { addToCart, type AddToCartState } from '@/app/cart/actions';
import styles from './product.module.css';

const INITIAL: AddToCartState = { status: 'idle', message: '', seq: 0 };

/**
 * Quantity + "Add to cart" for the product page. A plain form posting to a server action: it works before (and
 * without) hydration; with JavaScript the confirmation appears in place and the header count updates.
 */
export function AddToCartForm({ productId, maxQuantity, disabledReason }: { productId: string; maxQuantity: number; disabledReason: string | null }) {
  const [state, formAction, pending] = useActionState(addToCart, INITIAL);
  const quantityId = useId();
  const hintId = useId();

  if (disabledReason) {
    return (
      <p className={styles.cartUnavailable} role="note">
        {disabledReason}
      </p>
    );
  }

  return (
    <form
      action={formAction}
      className={styles.cartForm}
      onSubmit={(event) => {
        // One add at a time: a second click while the first is on its way would add the units twice.
        if (pending) event.preventDefault();
      }}
    >
      <input type="hidden" name="productId" value={productId} />
      <div className={styles.quantityField}>
        <label htmlFor={quantityId}>Quantity</label>
        <input
          id={quantityId}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxQuantity}
          step={1}
          defaultValue={1}
          required
          aria-describedby={hintId}
          className={styles.quantityInput}
        />
        <span id={hintId} className="visually-hidden">
          From 1 to {maxQuantity}.
        </span>
      </div>
      <button type="submit" className={styles.addButton} aria-disabled={pending || undefined}>
        {pending ? 'Adding…' : 'Add to cart'}
      </button>
      {/* Both live regions are always in the page, so screen readers announce the text that appears in them. */}
      <p role="status" className={styles.cartStatus}>
        {state.status === 'added' && (
          <>
            {state.message} <Link href="/cart">View your cart</Link>
          </>
        )}
      </p>
      <p role="alert" className={styles.cartError}>
        {state.status === 'error' ? state.message : ''}
      </p>
    </form>
  );
}
