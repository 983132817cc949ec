/**
 * Refreshing the signed-in shopper's tokens, used by the proxy (`src/proxy.ts`) before a request reaches a page: it
 * runs outside React, so it calls the gateway with plain `fetch` instead of the request-bound client in gateway.ts.
 */
import type { AuthFieldsFragment } from '@/gql/graphql';
import { GATEWAY_TIMEOUT_MS, gatewayUrl } from './config';
import { deadline } from './deadline';
import { RefreshSessionDocument } from './documents/account';
import { ForwardedHeader } from './identity';

export type RefreshOutcome =
  /** New tokens: store both (the old refresh token is spent). */
  | { kind: 'refreshed'; auth: AuthFieldsFragment }
  /** The refresh token is unknown, expired or was reused: the shopper is signed out. */
  | { kind: 'rejected'; message: string }
  /** The gateway could not answer: keep the refresh token and try again on the next request. */
  | { kind: 'unavailable' };

/**
 * A refresh token is single use and reusing one signs the whole session out, so concurrent requests of one browser
 * (a page and its prefetches) must not each refresh: they share one call per token for a short while.
 */
const inFlight = new Map<string, { at: number; outcome: Promise<RefreshOutcome> }>();
const SHARE_MS = 30_000;

async function callRefresh(refreshToken: string, headers: Record<string, string>): Promise<RefreshOutcome> {
  let body: { data?: { refreshSession?: { __typename: string; message?: string } & Partial<AuthFieldsFragment> } | null };
  try {
    const res = await fetch(gatewayUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: RefreshSessionDocument.toString(), variables: { refreshToken } }),
      cache: 'no-store',
      signal: deadline(GATEWAY_TIMEOUT_MS),
    });
    if (!res.ok) return { kind: 'unavailable' };
    body = (await res.json()) as typeof body;
  } catch (err) {
    console.error(`[auth] refreshing the session failed: ${(err as Error).message}`);
    return { kind: 'unavailable' };
  }
  const result = body.data?.refreshSession;
  if (!result) return { kind: 'unavailable' };
  if (result.__typename === 'AuthPayload' && result.accessToken && result.refreshToken && result.user) {
    return { kind: 'refreshed', auth: result as AuthFieldsFragment };
  }
  return { kind: 'rejected', message: result.message ?? 'Please sign in again.' };
}

/**
 * Exchanges `refreshToken` for new tokens through the gateway, forwarding the shopper's session and address.
 * Never throws.
 */
export function refreshTokens(refreshToken: string, identity: { session: string | null; forwardedFor: string | null }): Promise<RefreshOutcome> {
  const now = Date.now();
  for (const [token, entry] of inFlight) if (now - entry.at > SHARE_MS) inFlight.delete(token);
  const shared = inFlight.get(refreshToken);
  if (shared) return shared.outcome;
  const headers: Record<string, string> = {};
  if (identity.session) headers[ForwardedHeader.session] = identity.session;
  if (identity.forwardedFor) headers[ForwardedHeader.forwardedFor] = identity.forwardedFor;
  const outcome = callRefresh(refreshToken, headers);
  inFlight.set(refreshToken, { at: now, outcome });
  // A failed call may be retried by the next request.
  void outcome.then((o) => {
    if (o.kind === 'unavailable') inFlight.delete(refreshToken);
  });
  return outcome;
}
