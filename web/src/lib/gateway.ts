/**
 * Server-side access to the Emporium gateway for React Server Components.
 *
 * Every request goes to `GATEWAY_URL` as a POST (Apollo Server's CSRF prevention rejects urql's default GET for
 * queries), is never cached, and carries the shopper's anonymous session (`emporium_session` cookie →
 * `x-emporium-session`) plus the client address chain. Failures are returned as values (`CombinedError`), never
 * thrown, so pages can render an error state.
 */
import { Client, CombinedError, fetchExchange, type AnyVariables, type OperationResult } from '@urql/core';
import { cookies, headers } from 'next/headers';
import type { TypedDocumentString } from '@/gql/graphql';
import { GATEWAY_TIMEOUT_MS, gatewayUrl } from './config';
import { deadline } from './deadline';
import { ForwardedHeader, SESSION_COOKIE, validForwardedFor, validSessionId } from './identity';

/** Data (possibly partial, with `error` describing what is missing) or no data and the reason. */
export type GatewayResult<TData> = { data: TData; error: CombinedError | null } | { data: null; error: CombinedError };

/** `fetch` that gives up after GATEWAY_TIMEOUT_MS, while still honouring urql's own abort signal. */
const fetchWithTimeout: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: deadline(GATEWAY_TIMEOUT_MS, init?.signal) });

let client: Client | null = null;

/** One urql client per server process; per-request headers are passed with each operation. */
function gatewayClient(): Client {
  client ??= new Client({
    url: gatewayUrl(),
    exchanges: [fetchExchange],
    fetch: fetchWithTimeout,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { cache: 'no-store' },
  });
  return client;
}

/** Identity headers for the current request: the shopper's session and the client address chain. */
async function forwardedHeaders(): Promise<Record<string, string>> {
  const [cookieStore, incoming] = await Promise.all([cookies(), headers()]);
  const result: Record<string, string> = {};
  const session = validSessionId(cookieStore.get(SESSION_COOKIE)?.value);
  if (session) result[ForwardedHeader.session] = session;
  const forwardedFor = validForwardedFor(incoming.get(ForwardedHeader.forwardedFor));
  if (forwardedFor) result[ForwardedHeader.forwardedFor] = forwardedFor;
  return result;
}

function operationName(document: string): string {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1] ?? 'anonymous operation';
}

function toError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error(String(cause));
}

/**
 * Runs a generated typed document against the gateway for the current request.
 * Must be called while rendering a request (it reads cookies and headers), i.e. from a dynamic page.
 */
export async function queryGateway<TData, TVariables extends AnyVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
): Promise<GatewayResult<TData>> {
  // Outside the try: Next.js signals dynamic rendering through errors thrown here, which must propagate.
  const identity = await forwardedHeaders();
  const source = document.toString();
  let result: OperationResult<TData, TVariables>;
  try {
    result = await gatewayClient()
      .query<TData, TVariables>(source, variables, { fetchOptions: { headers: identity, cache: 'no-store' } })
      .toPromise();
  } catch (cause) {
    // Misconfiguration (an invalid GATEWAY_URL) or an unexpected client failure: still a value, not a throw.
    const error = new CombinedError({ networkError: toError(cause) });
    logGatewayError(source, error);
    return { data: null, error };
  }
  if (result.error) logGatewayError(source, result.error);
  if (result.data !== undefined && result.data !== null) return { data: result.data, error: result.error ?? null };
  return {
    data: null,
    error: result.error ?? new CombinedError({ networkError: new Error('The gateway returned no data.') }),
  };
}

function logGatewayError(source: string, error: CombinedError): void {
  const cause = error.networkError?.cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : '';
  console.error(`[gateway] ${operationName(source)} failed: ${error.message}${code}`);
}

/** What went wrong, worded for shoppers. `code` is a short technical hint without internal addresses. */
export interface GatewayErrorSummary {
  kind: 'unreachable' | 'timeout' | 'http' | 'invalid-input' | 'graphql';
  title: string;
  message: string;
  code: string | null;
}

/** Summarises a gateway error for display, without stack traces or internal URLs. */
export function describeGatewayError(error: CombinedError): GatewayErrorSummary {
  const network = error.networkError;
  const status: unknown = error.response && typeof error.response === 'object' ? (error.response as { status?: unknown }).status : undefined;
  if (network) {
    if (network.name === 'TimeoutError' || network.name === 'AbortError') {
      return {
        kind: 'timeout',
        title: 'The catalogue is taking too long to respond',
        message: `We gave up waiting after ${GATEWAY_TIMEOUT_MS / 1000} seconds. Please try again in a moment.`,
        code: 'TIMEOUT',
      };
    }
    if (typeof status === 'number' && status >= 400) {
      return {
        kind: 'http',
        title: 'The catalogue is unavailable right now',
        message: 'The Emporium gateway answered with an error. Please try again in a moment.',
        code: `HTTP ${status}`,
      };
    }
    const cause = network.cause;
    const causeCode = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : null;
    const config = network.message.startsWith('GATEWAY_URL');
    return {
      kind: 'unreachable',
      title: 'We couldn’t reach the catalogue',
      message: config
        ? 'The storefront’s gateway address is misconfigured (GATEWAY_URL).'
        : 'The Emporium gateway is not responding. Please try again in a moment.',
      code: config ? 'CONFIG' : causeCode,
    };
  }
  const codes = error.graphQLErrors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : null));
  if (codes.includes('BAD_USER_INPUT') || codes.includes('GRAPHQL_VALIDATION_FAILED')) {
    return {
      kind: 'invalid-input',
      title: 'This page link is no longer valid',
      message: 'The list may have changed since the link was made. Start again from the first page.',
      code: codes.find((c) => c !== null) ?? null,
    };
  }
  return {
    kind: 'graphql',
    title: 'Something went wrong loading the catalogue',
    message: error.graphQLErrors[0]?.message ?? 'The gateway reported an error.',
    code: codes.find((c) => c !== null) ?? null,
  };
}
