'use client';

import { useActionState, useId } from 'react';
import { applyPromoAction, type PromoState } from '@/app/cart/actions';
import styles from './forms.module.css';

const INITIAL: PromoState = { status: 'idle', message: '', seq: 0 };

/** Promo code field of the cart; a code that does not apply is explained (expired, minimum spend, …). */
export function PromoForm() {
  const [state, action, pending] = useActionState(applyPromoAction, INITIAL);
  const id = useId();
  return (
    <form action={action} className={styles.inline}>
      <div className={styles.field}>
        <label htmlFor={`${id}-code`}>Promo code</label>
        <input id={`${id}-code`} name="code" autoComplete="off" maxLength={64} key={state.status === 'applied' ? state.seq : 'code'} />
      </div>
      <button type="submit" className={styles.secondary} aria-disabled={pending || undefined}>
        Apply
      </button>
      <p role="status" className={state.status === 'error' ? styles.error : styles.success} style={{ flexBasis: '100%' }}>
        {state.message}
      </p>
    </form>
  );
}
