'use client';

import Link from 'next/link';
import { useActionState, useId } from 'react';
import { signInAction, signUpAction, type AuthFormState } from '@/app/account/auth-actions';
import styles from './forms.module.css';

const INITIAL: AuthFormState = { message: '', email: '', displayName: '', seq: 0 };

/**
 * The sign-in or sign-up form: a plain form posting to a server action (works without JavaScript); problems the
 * API reports (wrong password, e-mail taken, weak password, too many attempts) appear in an alert above the button.
 */
export function AuthForm({ mode, next }: { mode: 'sign-in' | 'sign-up'; next: string }) {
  const [state, action, pending] = useActionState(mode === 'sign-in' ? signInAction : signUpAction, INITIAL);
  const id = useId();
  const signUp = mode === 'sign-up';
  return (
    <form action={action} className={styles.form} noValidate={false}>
      <input type="hidden" name="next" value={next} />
      {signUp && (
        <div className={styles.field}>
          <label htmlFor={`${id}-name`}>Your name</label>
          <input id={`${id}-name`} name="displayName" autoComplete="name" required maxLength={100} defaultValue={state.displayName} key={`n${state.seq}`} />
        </div>
      )}
      <div className={styles.field}>
        <label htmlFor={`${id}-email`}>E-mail address</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="email" required maxLength={320} defaultValue={state.email} key={`e${state.seq}`} />
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete={signUp ? 'new-password' : 'current-password'}
          required
          minLength={signUp ? 12 : undefined}
          aria-describedby={signUp ? `${id}-password-hint` : undefined}
        />
        {signUp && (
          <p id={`${id}-password-hint`} className={styles.hint}>
            At least 12 characters; a few unrelated words work well.
          </p>
        )}
      </div>
      <p role="alert" className={styles.error}>
        {state.message}
      </p>
      <button type="submit" className={styles.primary} aria-disabled={pending || undefined}>
        {pending ? (signUp ? 'Creating your account…' : 'Signing in…') : signUp ? 'Create account' : 'Sign in'}
      </button>
      <p className={styles.alt}>
        {signUp ? (
          <>
            Already have an account? <Link href={`/sign-in?${new URLSearchParams({ next })}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href={`/sign-up?${new URLSearchParams({ next })}`}>Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
