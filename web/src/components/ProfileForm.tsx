'use client';

import { useActionState, useId } from 'react';
import { updateProfileAction, type ActionState } from '@/app/account/actions';
import styles from './forms.module.css';

const INITIAL: ActionState = { status: 'idle', message: '', seq: 0 };

export interface ProfileValues {
  displayName: string;
  country: string;
  currency: string;
  language: string;
}

/** The account's profile form (name, country, currency, language); a plain form posting to a server action. */
export function ProfileForm({ values }: { values: ProfileValues }) {
  const [state, action, pending] = useActionState(updateProfileAction, INITIAL);
  const id = useId();
  return (
    <form action={action} className={styles.form}>
      <div className={styles.field}>
        <label htmlFor={`${id}-name`}>Name shown next to your reviews</label>
        <input id={`${id}-name`} name="displayName" required maxLength={100} defaultValue={values.displayName} autoComplete="name" />
      </div>
      <div className={styles.row}>
        <div className={styles.field}>
          <label htmlFor={`${id}-country`}>Country (2 letters)</label>
          <input
            id={`${id}-country`}
            name="country"
            maxLength={2}
            pattern="[A-Za-z]{2}"
            defaultValue={values.country}
            autoComplete="country"
            aria-describedby={`${id}-country-hint`}
          />
          <p id={`${id}-country-hint`} className={styles.hint}>
            Prices, stock and delivery are shown for it, e.g. GB or DE.
          </p>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-currency`}>Currency (3 letters)</label>
          <input id={`${id}-currency`} name="currency" maxLength={3} pattern="[A-Za-z]{3}" defaultValue={values.currency} />
        </div>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-language`}>Language</label>
        <input id={`${id}-language`} name="language" maxLength={35} defaultValue={values.language} placeholder="en-GB" />
      </div>
      <p role="status" className={state.status === 'error' ? styles.error : styles.success}>
        {state.message}
      </p>
      <button type="submit" className={styles.primary} aria-disabled={pending || undefined}>
        {pending ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}
