import { randomUUID } from 'node:crypto';
import { InvalidTokenError, type TokenVerifier } from '@emporium/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { PartnerKey } from './api-keys.ts';

/** The cookie that carries an anonymous shopper's session id. */
export const SESSION_COOKIE = 'emporium_session';
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** What the gateway knows about a caller after checking the request, forwarded to subgraphs. */
export interface GatewayContext {
  /** The caller's verified access token, forwarded as-is (subgraphs verify it again). */
  accessToken: string | null;
  userId: string | null;
  sessionId: string;
  clientIp: string;
  requestId: string;
  /** The verified partner API key (the public endpoint only; no user and no session there). */
  partner?: PartnerKey;
}

/** A request whose Authorization header is present but not a valid token: answered 401 before execution. */
export class RejectedTokenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    this.name = 'RejectedTokenError';
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Verifies the caller's token (signature, issuer, audience, expiry, EdDSA only) and settles the anonymous session id:
 * from the `x-emporium-session` header or the session cookie, else a new one returned in a cookie and header.
 * Nothing else the client sends about identity is trusted or forwarded.
 */
export async function gatewayContext(
  request: FastifyRequest,
  reply: FastifyReply,
  verifier: TokenVerifier,
  opts: { secureCookies: boolean },
): Promise<GatewayContext> {
  let accessToken: string | null = null;
  let userId: string | null = null;
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new RejectedTokenError('The Authorization header must be "Bearer <token>".');
    try {
      userId = (await verifier.verifyAccess(m[1])).userId;
      accessToken = m[1];
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new RejectedTokenError(`Access token rejected: ${err.message}`);
      throw err;
    }
  }
  const headerSession = request.headers['x-emporium-session'];
  const given = (Array.isArray(headerSession) ? headerSession[0] : headerSession) ?? readCookie(request.headers.cookie, SESSION_COOKIE);
  let sessionId = given && SESSION_ID.test(given) ? given : '';
  if (!sessionId) {
    // 122 random bits from Node's pooled UUID source (randomBytes per request was ~2% of a shallow query's CPU).
    sessionId = randomUUID().replaceAll('-', '');
    const secure = opts.secureCookies ? '; Secure' : '';
    reply.header('set-cookie', `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`);
  }
  reply.header('x-emporium-session', sessionId);
  return { accessToken, userId, sessionId, clientIp: request.ip, requestId: String(request.id) };
}
