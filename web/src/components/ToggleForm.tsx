'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/app/account/actions';
import styles from './forms.module.css';

const INITIAL: ActionState = { status: 'idle', message: '', seq: 0 };

/**
 * A one-button form for on/off account actions (wishlist, saved deals): a plain form posting to a server action, so
 * it works without JavaScript; the button says what it will do (add or remove).
 */
export function ToggleForm({
  action,
  fields,
  on,
  labelOn,
  labelOff,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  on: boolean;
  labelOn: string;
  labelOff: string;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  return (
    <form action={formAction} className={styles.inline}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={styles.secondary} aria-disabled={pending || undefined}>
        {on ? labelOn : labelOff}
      </button>
      <span role="status" className={state.status === 'error' ? styles.error : styles.success}>
        {state.message}
      </span>
    </form>
  );
}
