'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { AddReviewDocument, AddToWishlistDocument, RemoveFromWishlistDocument, SaveDealDocument, UnsaveDealDocument, UpdateProfileDocument } from '@/lib/documents/account';
import { describeGatewayError, mutateGateway, type GatewayResult } from '@/lib/gateway';
import { validUuid } from '@/lib/identity';
import { isSignedIn, safeNext, setCookies, signInHref } from '@/lib/session';
import { accessCookie } from '@/lib/token-cookies';

/** What a small account form shows after a submission. */
export interface ActionState {
  status: 'idle' | 'done' | 'error';
  message: string;
  seq: number;
}

function text(formData: FormData, name: string, max: number): string {
  return String(formData.get(name) ?? '').trim().slice(0, max);
}

/** The API's own words for input it refused, else a general sentence. */
function problem(result: { error: GatewayResult<unknown>['error'] }, what: string): string {
  const error = result.error;
  if (!error) return `${what} did not work. Please try again.`;
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  if (code === 'BAD_USER_INPUT' || code === 'CONFLICT') return first!.message;
  if (code === 'UNAUTHENTICATED') return 'Please sign in again.';
  return `${describeGatewayError(error).title}. ${what} did not work; please try again.`;
}

/** Profile form: name, country, currency, language. Stores the new access token (it carries the profile). */
export async function updateProfileAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const seq = previous.seq + 1;
  if (!(await isSignedIn())) redirect(signInHref('/account'));
  const displayName = text(formData, 'displayName', 100);
  const country = text(formData, 'country', 2).toUpperCase();
  const currency = text(formData, 'currency', 3).toUpperCase();
  const language = text(formData, 'language', 35);
  if (!displayName) return { status: 'error', message: 'Your name cannot be empty.', seq };
  const input = { displayName, ...(country ? { country } : {}), ...(currency ? { currency } : {}), ...(language ? { language } : {}) };
  const result = await mutateGateway(UpdateProfileDocument, { input });
  if (!result.data) return { status: 'error', message: problem(result, 'Saving your profile'), seq };
  await setCookies([accessCookie(result.data.updateProfile, Date.now())]);
  refresh();
  return { status: 'done', message: 'Your profile has been saved.', seq };
}

/** Adds the product to the wishlist, or removes it (`wishlisted=true`). Anonymous shoppers are sent to sign in. */
export async function toggleWishlistAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const seq = previous.seq + 1;
  const back = safeNext(formData.get('returnTo'), '/');
  if (!(await isSignedIn())) redirect(signInHref(back));
  const productId = validUuid(String(formData.get('productId') ?? ''));
  if (!productId) return { status: 'error', message: 'This product cannot be added to a wishlist.', seq };
  const remove = formData.get('wishlisted') === 'true';
  const result = remove ? await mutateGateway(RemoveFromWishlistDocument, { productId }) : await mutateGateway(AddToWishlistDocument, { productId });
  if (!result.data) return { status: 'error', message: problem(result, 'Changing your wishlist'), seq };
  refresh();
  return { status: 'done', message: remove ? 'Removed from your wishlist.' : 'Added to your wishlist.', seq };
}

/** Saves a deal to the account, or forgets it (`saved=true`). Anonymous shoppers are sent to sign in. */
export async function toggleSavedDealAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const seq = previous.seq + 1;
  const back = safeNext(formData.get('returnTo'), '/deals');
  if (!(await isSignedIn())) redirect(signInHref(back));
  const dealId = String(formData.get('dealId') ?? '').trim();
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(dealId)) return { status: 'error', message: 'This deal cannot be saved.', seq };
  const remove = formData.get('saved') === 'true';
  const result = remove ? await mutateGateway(UnsaveDealDocument, { dealId }) : await mutateGateway(SaveDealDocument, { dealId });
  if (!result.data) return { status: 'error', message: problem(result, 'Saving the deal'), seq };
  refresh();
  return { status: 'done', message: remove ? 'Deal removed from your saved deals.' : 'Deal saved to your account.', seq };
}

/** Review form of the product page (signed-in shoppers): rating 1–5, title and text. */
export async function addReviewAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const seq = previous.seq + 1;
  const back = safeNext(formData.get('returnTo'), '/');
  if (!(await isSignedIn())) redirect(signInHref(back));
  const productId = validUuid(String(formData.get('productId') ?? ''));
  const rating = Number(formData.get('rating'));
  const title = text(formData, 'title', 120);
  const body = text(formData, 'body', 4000);
  if (!productId) return { status: 'error', message: 'This product cannot be reviewed.', seq };
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { status: 'error', message: 'Choose a rating from 1 to 5 stars.', seq };
  if (!title || !body) return { status: 'error', message: 'Give your review a title and a few words.', seq };
  const result = await mutateGateway(AddReviewDocument, { productId, rating, title, body });
  if (!result.data) return { status: 'error', message: problem(result, 'Posting your review'), seq };
  refresh();
  return { status: 'done', message: 'Thank you: your review is published.', seq };
}
