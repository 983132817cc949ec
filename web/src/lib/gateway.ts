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
import { ACCESS_COOKIE, ForwardedHeader, SESSION_COOKIE, validForwardedFor, validSessionId, validToken } from './identity';

/** Data (possibly partial, with `error` describing what is missing) or no data and the reason. */
export type GatewayResult<TData> = { data: TData; error: CombinedError | null } | { data: null; error: CombinedError };

/** `fetch` that gives up after GATEWAY_TIMEOUT_MS, while still honouring urql's own abort signal. */
const fetchWithTimeout: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: deadline(GATEWAY_TIMEOUT_MS, init?.signal) });

/**
 * A fresh urql client for every call. urql's client shares the result of identical operations (same document and
 * variables) that are in flight at the same time; one client per server process would therefore hand one shopper's
 * answer to another whose request carries different identity headers. A client is a small object; connections are
 * pooled by `fetch` underneath either way. `gatewayUrl()` is read per call (and throws on a bad value).
 */
function gatewayClient(): Client {
  return new Client({
    url: gatewayUrl(),
    exchanges: [fetchExchange],
    fetch: fetchWithTimeout,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { cache: 'no-store' },
  });
}

/** Per-call options. */
export interface GatewayCallOptions {
  /**
   * The shopper's session id to send instead of the `emporium_session` cookie: a server action that has just been
   * given a session by the gateway uses it for its next calls, before the browser has the cookie.
   */
  session?: string | null;
  /**
   * The access token to send instead of the `emporium_access` cookie (a server action that has just signed the
   * shopper in, or `null` to send none).
   */
  accessToken?: string | null;
  /**
   * Identity headers read earlier with `identityHeaders()`: for calls made after the response has been sent
   * (`after()` in a server component), where the request's cookies and headers can no longer be read.
   */
  identity?: Record<string, string>;
}

/** Identity headers for the current request: the shopper's access token and session, and the client address chain. */
export async function identityHeaders(opts: GatewayCallOptions = {}): Promise<Record<string, string>> {
  if (opts.identity) return opts.identity;
  const [cookieStore, incoming] = await Promise.all([cookies(), headers()]);
  const result: Record<string, string> = {};
  const session = opts.session !== undefined ? validSessionId(opts.session) : validSessionId(cookieStore.get(SESSION_COOKIE)?.value);
  if (session) result[ForwardedHeader.session] = session;
  const token = opts.accessToken !== undefined ? validToken(opts.accessToken) : validToken(cookieStore.get(ACCESS_COOKIE)?.value);
  if (token) result[ForwardedHeader.authorization] = `Bearer ${token}`;
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

async function execute<TData, TVariables extends AnyVariables>(
  kind: 'query' | 'mutation',
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  opts: GatewayCallOptions,
): Promise<{ result: GatewayResult<TData>; session: string | null }> {
  // Outside the try: Next.js signals dynamic rendering through errors thrown here, which must propagate.
  const identity = await identityHeaders(opts);
  const source = document.toString();
  // The gateway answers every request with the session it used (a new one when none was sent) in this header.
  let session: string | null = null;
  const capturingFetch: typeof fetch = async (input, init) => {
    const response = await fetchWithTimeout(input, init);
    session = validSessionId(response.headers.get(ForwardedHeader.session));
    return response;
  };
  let result: OperationResult<TData, TVariables>;
  try {
    const context = { fetch: capturingFetch, fetchOptions: { headers: identity, cache: 'no-store' as const } };
    const client = gatewayClient();
    result = await (kind === 'query'
      ? client.query<TData, TVariables>(source, variables, context)
      : client.mutation<TData, TVariables>(source, variables, context)
    ).toPromise();
  } catch (cause) {
    // Misconfiguration (an invalid GATEWAY_URL) or an unexpected client failure: still a value, not a throw.
    const error = new CombinedError({ networkError: toError(cause) });
    logGatewayError(source, error);
    return { result: { data: null, error }, session };
  }
  if (result.error) logGatewayError(source, result.error);
  if (result.data !== undefined && result.data !== null) return { result: { data: result.data, error: result.error ?? null }, session };
  return {
    result: { data: null, error: result.error ?? new CombinedError({ networkError: new Error('The gateway returned no data.') }) },
    session,
  };
}

/**
 * Runs a generated typed query document against the gateway for the current request.
 * Must be called while rendering a request (it reads cookies and headers), i.e. from a dynamic page.
 */
export async function queryGateway<TData, TVariables extends AnyVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  opts: GatewayCallOptions = {},
): Promise<GatewayResult<TData>> {
  return (await execute('query', document, variables, opts)).result;
}

/**
 * Runs a generated typed mutation document (from a server action). Besides the result it returns `session`: the
 * anonymous session id the gateway used (from its `x-emporium-session` response header), which is new when none
 * was sent — the caller keeps it in the shopper's `emporium_session` cookie.
 */
export async function mutateGateway<TData, TVariables extends AnyVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  opts: GatewayCallOptions = {},
): Promise<GatewayResult<TData> & { session: string | null }> {
  const { result, session } = await execute('mutation', document, variables, opts);
  return { ...result, session };
}

/** The `extensions.code` values of a result's GraphQL errors (e.g. NOT_FOUND, BAD_USER_INPUT). */
export function errorCodes(error: CombinedError | null): string[] {
  if (!error) return [];
  return error.graphQLErrors.flatMap((e) => (typeof e.extensions?.code === 'string' ? [e.extensions.code] : []));
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
        title: 'The shop is taking too long to respond',
        message: `We gave up waiting after ${GATEWAY_TIMEOUT_MS / 1000} seconds. Please try again in a moment.`,
        code: 'TIMEOUT',
      };
    }
    if (typeof status === 'number' && status >= 400) {
      return {
        kind: 'http',
        title: 'The shop is unavailable right now',
        message: 'The Emporium gateway answered with an error. Please try again in a moment.',
        code: `HTTP ${status}`,
      };
    }
    const cause = network.cause;
    const causeCode = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : null;
    const config = network.message.startsWith('GATEWAY_URL');
    return {
      kind: 'unreachable',
      title: 'We couldn’t reach the shop',
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
    title: 'Something went wrong loading this page',
    message: error.graphQLErrors[0]?.message ?? 'The gateway reported an error.',
    code: codes.find((c) => c !== null) ?? null,
  };
}
