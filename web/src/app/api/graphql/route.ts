/**
 * Same-origin GraphQL proxy for the browser playground: forwards POSTed GraphQL requests to GATEWAY_URL so the
 * browser needs no CORS access to the gateway. Only the caller's identity headers are passed on.
 */
import { gatewayUrl } from '@/lib/config';
import { deadline } from '@/lib/deadline';
import { ForwardedHeader, SESSION_COOKIE, validForwardedFor, validSessionId } from '@/lib/identity';

export const dynamic = 'force-dynamic';

/** Largest request body accepted (GraphQL documents plus variables; no uploads). */
const MAX_BODY_BYTES = 1_000_000;
/** Upper bound for one proxied request including its response body; ample for introspecting a cold gateway. */
const UPSTREAM_TIMEOUT_MS = 30_000;

function graphqlError(status: number, message: string, code: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export async function POST(request: Request): Promise<Response> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:graphql-response\+)?json\b/i.test(contentType)) {
    return graphqlError(415, 'Send GraphQL requests as application/json.', 'UNSUPPORTED_MEDIA_TYPE');
  }
  const declaredLength = Number(request.headers.get('content-length') ?? '0');
  if (declaredLength > MAX_BODY_BYTES) return graphqlError(413, 'The request body is too large.', 'PAYLOAD_TOO_LARGE');
  const body = await request.text();
  if (new TextEncoder().encode(body).byteLength > MAX_BODY_BYTES) return graphqlError(413, 'The request body is too large.', 'PAYLOAD_TOO_LARGE');

  let target: string;
  try {
    target = gatewayUrl();
  } catch (err) {
    console.error(`[api/graphql] ${(err as Error).message}`);
    return graphqlError(500, 'The storefront’s gateway address is misconfigured.', 'GATEWAY_MISCONFIGURED');
  }

  const upstreamHeaders = new Headers({
    'content-type': 'application/json',
    accept: request.headers.get('accept') ?? 'application/graphql-response+json, application/json',
  });
  const authorization = request.headers.get(ForwardedHeader.authorization);
  if (authorization) upstreamHeaders.set(ForwardedHeader.authorization, authorization);
  const session =
    validSessionId(request.headers.get(ForwardedHeader.session)) ??
    validSessionId(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  if (session) upstreamHeaders.set(ForwardedHeader.session, session);
  // Next.js fills x-forwarded-for with the peer address when no proxy in front of it has set one.
  const forwardedFor = validForwardedFor(request.headers.get(ForwardedHeader.forwardedFor));
  if (forwardedFor) upstreamHeaders.set(ForwardedHeader.forwardedFor, forwardedFor);

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: 'POST',
      headers: upstreamHeaders,
      body,
      cache: 'no-store',
      redirect: 'manual',
      signal: deadline(UPSTREAM_TIMEOUT_MS, request.signal),
    });
  } catch (err) {
    const error = err as Error;
    // The caller went away: nobody is waiting for an answer, and it says nothing about the gateway.
    if (request.signal.aborted) return new Response(null, { status: 499 });
    if (error.name === 'TimeoutError') {
      return graphqlError(504, 'The Emporium gateway did not answer in time.', 'GATEWAY_TIMEOUT');
    }
    const cause = error.cause as { code?: unknown } | undefined;
    console.error(`[api/graphql] gateway unreachable: ${error.message}${cause?.code ? ` (${String(cause.code)})` : ''}`);
    return graphqlError(502, 'The Emporium gateway is not reachable.', 'GATEWAY_UNREACHABLE');
  }

  // fetch has already decoded the body, so content-encoding/length must not be passed on.
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    },
  });
}
