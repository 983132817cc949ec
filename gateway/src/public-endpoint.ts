import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { ErrorCode, windowPosition, type RateDecision, type RateLimit, type RateLimiter } from '@emporium/kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyVerifier, PartnerKey } from './api-keys.ts';
import { costLimitPlugin } from './cost-limit.ts';
import { createPlanExecutingGateway } from './executor/gateway.ts';
import { GatewayErrorCode, maskError } from './errors.ts';
import type { GatewayContext } from './identity.ts';
import { limitOptions, type OperationLimits } from './limits.ts';
import { sha256Hex, type OperationSafelist } from './safelist.ts';
import { scopeChecker } from './scopes.ts';

/** What a partner key may do. */
export interface PartnerLimits {
  /** Requests per key in any sliding minute. */
  requestsPerMinute: number;
  /** Σ operation cost per key in any sliding minute. */
  costBudgetPerMinute: number;
  /** Most one operation may cost. */
  maxCost: number;
  /** Requests with a missing or invalid key per client address in any sliding minute (guessing keys). */
  invalidKeyAttemptsPerMinute: number;
}

/** The partner limits documented in docs/partners.md. */
export const defaultPartnerLimits: PartnerLimits = {
  requestsPerMinute: 600,
  costBudgetPerMinute: 20_000,
  maxCost: 1_000,
  invalidKeyAttemptsPerMinute: 30,
};

export interface PublicEndpointOptions {
  /** The public contract supergraph (schema/public.supergraph.graphql). */
  supergraphSdl: string;
  buildService: Parameters<typeof createPlanExecutingGateway>[1];
  /** Who executes query plans (GatewayOptions.executor). */
  executor?: 'emporium' | 'apollo';
  verifier: ApiKeyVerifier;
  limiter: RateLimiter;
  safelist: OperationSafelist;
  limits: PartnerLimits;
  operationLimits: OperationLimits;
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** The limiter's clock (default Date.now), for the RateLimit-Reset header. */
  now?: () => number;
}

type Refusal = { status: number; code: string; message: string };
const refuse = (reply: FastifyReply, r: Refusal) =>
  reply.code(r.status).header('content-type', 'application/json; charset=utf-8').send({ errors: [{ message: r.message, extensions: { code: r.code } }] });

/** The partner's key from `x-api-key` or `Authorization: ApiKey <key>`. */
function readKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct) return direct.trim();
  const m = /^ApiKey\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/** Sets the IETF draft RateLimit-* headers for a decision under `rule`. */
export function setRateLimitHeaders(reply: FastifyReply, rule: RateLimit, d: RateDecision, now = Date.now()): void {
  const pos = windowPosition(now, rule.windowSeconds);
  const reset = d.allowed ? Math.max(1, Math.ceil((1 - pos.elapsed) * rule.windowSeconds)) : d.retryAfterSeconds;
  reply.header('ratelimit-policy', `${rule.limit};w=${rule.windowSeconds}`);
  reply.header('ratelimit-limit', String(rule.limit));
  reply.header('ratelimit-remaining', String(d.remaining));
  reply.header('ratelimit-reset', String(reset));
}

/**
 * Resolves persisted operations against the safelist and enforces "registered operations only": a body with
 * `extensions.persistedQuery.sha256Hash` and no `query` runs the registered operation with that hash; with a `query`
 * the hash must match it. Keys flagged `registeredOperationsOnly` may run nothing else. Mutates the body so Apollo
 * Server (no APQ on this endpoint) sees a plain request.
 */
function applySafelist(request: FastifyRequest, key: PartnerKey, safelist: OperationSafelist): Refusal | null {
  const body = request.body as Record<string, unknown> | null | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null; // Apollo answers malformed and batched bodies
  const ext = body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = typeof ext?.persistedQuery?.sha256Hash === 'string' ? ext.persistedQuery.sha256Hash.toLowerCase() : undefined;
  if (ext?.persistedQuery !== undefined) {
    if (hash === undefined) return { status: 400, code: 'BAD_REQUEST', message: 'extensions.persistedQuery.sha256Hash must be a string.' };
    if (typeof body.query !== 'string') {
      const op = safelist.byId(hash);
      if (!op) return { status: 400, code: 'PERSISTED_QUERY_NOT_FOUND', message: `No registered operation has the hash ${hash.slice(0, 64)}.` };
      body.query = op.query;
    } else if (sha256Hex(body.query) !== hash) {
      return { status: 400, code: 'BAD_REQUEST', message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of query.' };
    }
    const { persistedQuery: _pq, ...rest } = ext;
    body.extensions = rest;
  }
  if (key.registeredOperationsOnly && (typeof body.query !== 'string' || !safelist.match(body.query))) {
    return {
      status: 403,
      code: GatewayErrorCode.OPERATION_NOT_REGISTERED,
      message: 'This API key may run registered operations only: send one by its extensions.persistedQuery.sha256Hash (see docs/partners.md).',
    };
  }
  return null;
}

/**
 * The partner endpoint `/public/graphql`: a second ApolloGateway on the public contract supergraph (only
 * `@tag(name: "public")` fields exist there), behind API keys, per-key rate limits, scopes, cost limits and the
 * operation safelist. Introspection is off and validation errors suggest no field names.
 */
export async function registerPublicEndpoint(app: FastifyInstance, opts: PublicEndpointOptions): Promise<{ stop: () => Promise<void> }> {
  const gateway = createPlanExecutingGateway(opts.supergraphSdl, opts.buildService, opts.executor);
  const limits = limitOptions<GatewayContext>({ ...opts.operationLimits, hideSuggestions: true });
  const requestRule: RateLimit = { limit: opts.limits.requestsPerMinute, windowSeconds: 60 };
  const costRule: RateLimit = { limit: opts.limits.costBudgetPerMinute, windowSeconds: 60 };
  const invalidRule: RateLimit = { limit: opts.limits.invalidKeyAttemptsPerMinute, windowSeconds: 60 };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: false,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    persistedQueries: false,
    allowBatchedHttpRequests: limits.allowBatchedHttpRequests,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted) => maskError(formatted),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...limits.plugins,
      ...opts.plugins,
      costLimitPlugin<GatewayContext>({
        maxCost: opts.limits.maxCost,
        report: true,
        authorize: scopeChecker(opts.supergraphSdl),
        async charge(context, cost) {
          if (!context.partner) return null;
          const d = await opts.limiter.consume(`partner:cost:${context.partner.id}`, costRule, Math.min(cost, costRule.limit + 1));
          return { allowed: d.allowed, limit: costRule.limit, remaining: d.remaining, retryAfterSeconds: d.retryAfterSeconds };
        },
      }),
    ],
  });
  await apollo.start();
  const contexts = new WeakMap<FastifyRequest, GatewayContext>();
  const handle = fastifyApolloHandler(apollo, { context: async (request) => contexts.get(request)! });

  app.post('/public/graphql', async function (request, reply) {
    const key = readKey(request);
    const invalidKey = `partner:invalid:${request.ip}`;
    if ((await opts.limiter.peek(invalidKey, invalidRule)).allowed === false) {
      return refuse(reply, { status: 429, code: ErrorCode.RATE_LIMITED, message: 'Too many requests with missing or invalid API keys from this address; retry in a minute.' });
    }
    const lookup = key
      ? await opts.verifier.verify(key).catch((err: unknown) => {
          request.log.warn({ err }, 'api key lookup failed');
          return null;
        })
      : ({ status: 'MISSING' } as const);
    if (lookup === null) {
      return refuse(reply, { status: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'API keys cannot be checked right now; retry shortly.' });
    }
    if (lookup.status !== 'ACTIVE') {
      await opts.limiter.consume(invalidKey, invalidRule);
      const message = {
        MISSING: 'Send your API key in the x-api-key header (or Authorization: ApiKey <key>).',
        UNKNOWN: 'This API key is not valid.',
        REVOKED: 'This API key has been revoked.',
        EXPIRED: 'This API key has expired.',
      }[lookup.status];
      return refuse(reply, { status: 401, code: ErrorCode.UNAUTHENTICATED, message });
    }
    const partner = lookup.key;
    const rate = await opts.limiter.consume(`partner:req:${partner.id}`, requestRule);
    setRateLimitHeaders(reply, requestRule, rate, (opts.now ?? Date.now)());
    if (!rate.allowed) {
      reply.header('retry-after', String(rate.retryAfterSeconds));
      return refuse(reply, { status: 429, code: ErrorCode.RATE_LIMITED, message: `This API key may send ${requestRule.limit} requests per minute; retry in ${rate.retryAfterSeconds} s.` });
    }
    const refusal = applySafelist(request, partner, opts.safelist);
    if (refusal) return refuse(reply, refusal);
    contexts.set(request, { accessToken: null, userId: null, sessionId: '', clientIp: request.ip, requestId: String(request.id), partner });
    // The integration types its handler for its own route generics; the request is the same Fastify request.
    return handle.call(this, request as never, reply as never);
  });

  return { stop: () => apollo.stop() };
}
