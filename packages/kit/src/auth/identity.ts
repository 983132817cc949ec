import { AppError, ErrorCode, forbidden, unauthenticated } from '../errors.ts';
import { InvalidTokenError, type Role, type TokenVerifier } from './tokens.ts';

/** Headers that carry identity between the gateway, subgraphs and services. */
export const Headers = {
  authorization: 'authorization',
  /** A service token: the gateway or a subgraph calling on its own behalf. */
  service: 'x-emporium-service',
  /** The anonymous shopper session id; trusted only from a caller with a valid service token. */
  session: 'x-emporium-session',
  /** The end client's address as seen by the gateway; trusted only with a valid service token. */
  clientIp: 'x-emporium-client-ip',
  requestId: 'x-request-id',
} as const;

/** Who is calling: a verified user (or none), a verified service (or none), and gateway-supplied facts. */
export interface Identity {
  user: { id: string; roles: Role[]; country: string | null; currency: string | null } | null;
  service: string | null;
  sessionId: string | null;
  clientIp: string | null;
}

type HeaderBag = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Builds the caller's identity from request headers, verifying every token. Plain identity headers (a user id,
 * roles, a session or client address) are ignored unless a valid service token vouches for them. A present but
 * invalid token is an UNAUTHENTICATED error — never silently treated as anonymous.
 */
export async function resolveIdentity(headers: HeaderBag, verifier: TokenVerifier, peerAddress: string | null): Promise<Identity> {
  let service: string | null = null;
  const serviceToken = one(headers[Headers.service]);
  if (serviceToken) {
    try {
      service = (await verifier.verifyService(serviceToken)).service;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthenticated(`Service token rejected: ${err.message}`);
      throw err;
    }
  }
  let user: Identity['user'] = null;
  let tokenSession: string | null = null;
  const auth = one(headers[Headers.authorization]);
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    try {
      const claims = await verifier.verifyAccess(m[1]);
      user = { id: claims.userId, roles: claims.roles, country: claims.country, currency: claims.currency };
      tokenSession = claims.sessionId;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthenticated(`Access token rejected: ${err.message}`);
      throw err;
    }
  }
  const forwardedSession = service ? one(headers[Headers.session]) : undefined;
  const forwardedIp = service ? one(headers[Headers.clientIp]) : undefined;
  return {
    user,
    service,
    sessionId: forwardedSession && SESSION_ID.test(forwardedSession) ? forwardedSession : tokenSession,
    clientIp: forwardedIp ?? peerAddress,
  };
}

/** Throws UNAUTHENTICATED unless a user is signed in; returns that user. */
export function requireUser(identity: Identity): NonNullable<Identity['user']> {
  if (!identity.user) throw unauthenticated();
  return identity.user;
}

/** Throws unless the caller presented a valid service token (optionally one of `allowed` services). */
export function requireService(identity: Identity, allowed?: readonly string[]): string {
  if (!identity.service) throw new AppError(ErrorCode.FORBIDDEN, 'This operation is only available to Emporium services.');
  if (allowed && !allowed.includes(identity.service)) throw forbidden(`Service "${identity.service}" may not do this.`);
  return identity.service;
}

/** Throws FORBIDDEN unless the signed-in user has one of the roles. */
export function requireRole(identity: Identity, ...roles: Role[]): NonNullable<Identity['user']> {
  const user = requireUser(identity);
  if (!user.roles.some((r) => roles.includes(r))) throw forbidden();
  return user;
}
