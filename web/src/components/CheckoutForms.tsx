'use client';

import { useActionState, useId } from 'react';
import { checkoutAction, saveAddressAction, type AddressState, type CheckoutState } from '@/app/checkout/actions';
import type { CartFieldsFragment } from '@/gql/graphql';
import styles from './forms.module.css';

type Address = NonNullable<CartFieldsFragment['shippingAddress']>;

/** Delivery address (and a guest's e-mail). Saving it re-prices the cart for that country. */
export function AddressForm({ address, askEmail, email }: { address: Address | null; askEmail: boolean; email: string | null }) {
  const [state, action, pending] = useActionState<AddressState, FormData>(saveAddressAction, { message: '', seq: 0 });
  const id = useId();
  const field = (name: keyof Address | 'email', label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, value?: string | null) => (
    <div className={styles.field}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} name={name} defaultValue={value ?? ''} {...props} />
    </div>
  );
  return (
    <form action={action} className={`${styles.form} ${styles.wide}`} aria-label="Delivery address">
      {askEmail && field('email', 'E-mail for the order confirmation', { type: 'email', required: true, autoComplete: 'email', maxLength: 320 }, email)}
      {field('name', 'Full name', { required: true, autoComplete: 'name', maxLength: 100 }, address?.name)}
      {field('line1', 'Address line 1', { required: true, autoComplete: 'address-line1', maxLength: 200 }, address?.line1)}
      {field('line2', 'Address line 2 (optional)', { autoComplete: 'address-line2', maxLength: 200 }, address?.line2)}
      <div className={styles.row}>
        {field('city', 'Town or city', { required: true, autoComplete: 'address-level2', maxLength: 100 }, address?.city)}
        {field('postalCode', 'Postcode', { required: true, autoComplete: 'postal-code', maxLength: 20 }, address?.postalCode)}
      </div>
      <div className={styles.row}>
        {field('country', 'Country code (e.g. GB, DE, FR)', { required: true, autoComplete: 'country', maxLength: 2, pattern: '[A-Za-z]{2}' }, address?.country ?? 'GB')}
        {field('phone', 'Phone (optional)', { type: 'tel', autoComplete: 'tel', maxLength: 40 }, address?.phone)}
      </div>
      <p role="alert" className={styles.error}>
        {state.message}
      </p>
      <button type="submit" className={address ? styles.secondary : styles.primary} aria-disabled={pending || undefined}>
        {pending ? 'Saving…' : address ? 'Update address' : 'Continue to payment'}
      </button>
    </form>
  );
}

/**
 * The payment form (sandbox card). `idempotencyKey` was made when the page rendered; the action hands back the
 * key the next submission must use (the same one after an unknown outcome, a new one after a definite failure).
 */
export function PaymentForm({ quoteToken, idempotencyKey, total }: { quoteToken: string; idempotencyKey: string; total: string }) {
  const [state, action, pending] = useActionState<CheckoutState, FormData>(checkoutAction, { message: '', idempotencyKey, seq: 0 });
  const id = useId();
  return (
    <form
      action={action}
      className={`${styles.form} ${styles.wide}`}
      aria-label="Payment"
      onSubmit={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      <input type="hidden" name="quoteToken" value={quoteToken} />
      <input type="hidden" name="idempotencyKey" value={state.idempotencyKey} />
      <p className={styles.hint}>Sandbox: 4242 4242 4242 4242 is accepted, 4000 0000 0000 0002 is declined. Any future expiry date and any CVC.</p>
      <div className={styles.field}>
        <label htmlFor={`${id}-card`}>Card number</label>
        <input id={`${id}-card`} name="cardNumber" inputMode="numeric" autoComplete="cc-number" required maxLength={23} pattern="[0-9 ]{12,23}" />
      </div>
      <div className={styles.row}>
        <div className={styles.field}>
          <label htmlFor={`${id}-exp`}>Expiry (MM/YY)</label>
          <input id={`${id}-exp`} name="expiry" autoComplete="cc-exp" required maxLength={7} placeholder="MM/YY" />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-cvc`}>Security code</label>
          <input id={`${id}-cvc`} name="cvc" inputMode="numeric" autoComplete="cc-csc" required maxLength={4} pattern="[0-9]{3,4}" />
        </div>
      </div>
      <p role="alert" className={styles.error}>
        {state.message}
      </p>
      <button type="submit" className={styles.primary} aria-disabled={pending || undefined}>
        {pending ? 'Placing your order…' : `Pay ${total}`}
      </button>
    </form>
  );
}
