'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { AuthFieldsFragment } from '@/gql/graphql';
import { MergeGuestCartDocument } from '@/lib/documents/checkout';
import { SignInDocument, SignOutDocument, SignUpDocument } from '@/lib/documents/account';
import { describeGatewayError, mutateGateway } from '@/lib/gateway';
import { CART_COOKIE, CART_COOKIE_MAX_AGE_S, SESSION_COOKIE, SESSION_COOKIE_MAX_AGE_S, cookieOptions } from '@/lib/identity';
import { clearAuth, refreshTokenCookie, safeNext, storeAuth } from '@/lib/session';

/** What a sign-in or sign-up form shows after a submission; `email` and `displayName` refill the fields. */
export interface AuthFormState {
  message: string;
  email: string;
  displayName: string;
  seq: number;
}

function text(formData: FormData, name: string, max: number): string {
  return String(formData.get(name) ?? '').trim().slice(0, max);
}

/** Keeps the tokens, the session the gateway used, and moves the guest cart's lines into the user's cart. */
async function signedIn(auth: AuthFieldsFragment, session: string | null): Promise<void> {
  await storeAuth(auth);
  const store = await cookies();
  if (session) store.set(SESSION_COOKIE, session, cookieOptions(SESSION_COOKIE_MAX_AGE_S));
  const merged = await mutateGateway(MergeGuestCartDocument, {}, { accessToken: auth.accessToken, session });
  if (merged.data) store.set(CART_COOKIE, merged.data.mergeGuestCart.id, cookieOptions(CART_COOKIE_MAX_AGE_S));
}

/** Server action of the sign-in form (works without JavaScript). Redirects to `next` when signed in. */
export async function signInAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const seq = previous.seq + 1;
  const email = text(formData, 'email', 320);
  const password = String(formData.get('password') ?? '').slice(0, 1024);
  const next = safeNext(formData.get('next'));
  const state = (message: string): AuthFormState => ({ message, email, displayName: '', seq });
  if (!email || !password) return state('Enter your e-mail address and your password.');
  const result = await mutateGateway(SignInDocument, { email, password }, { accessToken: null });
  if (!result.data) return state(`${describeGatewayError(result.error).title}. Please try again.`);
  const answer = result.data.signIn;
  if (answer.__typename !== 'AuthPayload') return state(answer.message);
  await signedIn(answer, result.session);
  redirect(next);
}

/** Server action of the sign-up form: creates the account, signs it in and redirects to `next`. */
export async function signUpAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const seq = previous.seq + 1;
  const email = text(formData, 'email', 320);
  const displayName = text(formData, 'displayName', 100);
  const password = String(formData.get('password') ?? '').slice(0, 1024);
  const next = safeNext(formData.get('next'));
  const state = (message: string): AuthFormState => ({ message, email, displayName, seq });
  if (!displayName || !email || !password) return state('Enter your name, your e-mail address and a password.');
  const result = await mutateGateway(SignUpDocument, { input: { email, password, displayName } }, { accessToken: null });
  if (!result.data) {
    const codes = result.error.graphQLErrors.map((e) => e.extensions?.code);
    if (codes.includes('BAD_USER_INPUT')) return state(result.error.graphQLErrors[0]?.message ?? 'Please check the form.');
    return state(`${describeGatewayError(result.error).title}. Please try again.`);
  }
  const answer = result.data.signUp;
  if (answer.__typename !== 'AuthPayload') return state(answer.message);
  await signedIn(answer, result.session);
  redirect(next);
}

/** Signs out: ends the session at the gateway, forgets the tokens and the user's cart id, back to the home page. */
export async function signOutAction(): Promise<void> {
  const refreshToken = await refreshTokenCookie();
  if (refreshToken) await mutateGateway(SignOutDocument, { refreshToken });
  await clearAuth();
  (await cookies()).delete(CART_COOKIE);
  redirect('/');
}
