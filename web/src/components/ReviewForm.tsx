'use client';

import { useActionState, useId } from 'react';
import { addReviewAction, type ActionState } from '@/app/account/actions';
import styles from './forms.module.css';

const INITIAL: ActionState = { status: 'idle', message: '', seq: 0 };

/** The review form of the product page (signed-in shoppers): stars as radio buttons, a title and the text. */
export function ReviewForm({ productId, returnTo }: { productId: string; returnTo: string }) {
  const [state, action, pending] = useActionState(addReviewAction, INITIAL);
  const id = useId();
  if (state.status === 'done') {
    return (
      <p role="status" className={styles.success}>
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className={`${styles.form} ${styles.wide}`} aria-label="Write a review">
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Your rating</legend>
        <div className={styles.inline}>
          {[5, 4, 3, 2, 1].map((n) => (
            <label key={n}>
              <input type="radio" name="rating" value={n} required defaultChecked={n === 5} /> {n} {n === 1 ? 'star' : 'stars'}
            </label>
          ))}
        </div>
      </fieldset>
      <div className={styles.field}>
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="title" required maxLength={120} />
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-body`}>Your review</label>
        <textarea id={`${id}-body`} name="body" required maxLength={4000} />
      </div>
      <p role="alert" className={styles.error}>
        {state.status === 'error' ? state.message : ''}
      </p>
      <button type="submit" className={styles.primary} aria-disabled={pending || undefined}>
        {pending ? 'Posting…' : 'Post review'}
      </button>
    </form>
  );
}
