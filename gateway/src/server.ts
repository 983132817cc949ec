import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCache,
  createMemoryCache,
  createRateLimiter,
  createTokenVerifier,
  repoRoot,
  serviceFastifyOptions,
  serviceTokenSource,
  setOperationOnSpan,
  traceRequests,
  tracingEnabled,
  type Keys,
  type Logger,
} from '@emporium/kit';
import { trace } from '@opentelemetry/api';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createApiKeyVerifier, userSubgraphKeyLookup } from './api-keys.ts';
import { apqStore } from './apq.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { costEstimator, costLimitPlugin } from './cost-limit.ts';
import { SubgraphDataSource } from './datasource.ts';
import { createPlanExecutingGateway, PlanExecutingGateway } from './executor/gateway.ts';
import { FastPath } from './fast-path.ts';
import { maskError } from './errors.ts';
import { defaultPartnerLimits, registerPublicEndpoint, type PartnerLimits } from './public-endpoint.ts';
import { OperationSafelist } from './safelist.ts';
import { createGatewayMetrics } from './metrics.ts';
import { defaultLimits, limitOptions, type OperationLimits } from './limits.ts';
import { probeSubgraphs } from './health.ts';
import { gatewayContext, type GatewayContext } from './identity.ts';

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  keys: Keys;
  logger: Logger;
  subgraphTimeoutMs?: number;
  /** Per-request timeout for subgraph mutations (default 15,000 ms). */
  subgraphMutationTimeoutMs?: number;
  secureCookies?: boolean;
  /** Fastify `trustProxy`: whose X-Forwarded-For to believe for the client address (default: nobody's). */
  trustProxy?: boolean | string;
  /** Limits checked before execution (default: `defaultLimits`). */
  limits?: OperationLimits;
  circuitBreaker?: CircuitBreakerOptions;
  /**
   * The public contract supergraph served at /public/graphql; default: `schema/public.supergraph.graphql` when it
   * exists; `false`: no partner endpoint.
   */
  publicSupergraphSdl?: string | false;
  /** Redis for partner rate limits, the API key cache and APQ, shared by replicas (default: in-process). */
  redisUrl?: string | undefined;
  /** Prefix of the gateway's Redis keys (APQ, API keys, rate limits), default none (`gateway:…`). */
  redisNamespace?: string;
  /** Partner rate and cost limits (default `defaultPartnerLimits`). */
  partnerLimits?: Partial<PartnerLimits>;
  /** Most an operation on /graphql may cost (default `FULL_API_MAX_COST`). */
  maxCost?: number;
  /** Registered partner operations (default: `schema/partner-operations/*.graphql`). */
  partnerOperations?: OperationSafelist;
  /** How long a verified API key is trusted before the user subgraph is asked again (default 30 s). */
  apiKeyCacheTtlMs?: number;
  /**
   * Who executes query plans (default `emporium`: executor/, the same responses with less work per request);
   * `apollo`: @apollo/gateway's own executor, in case a response ever differs.
   */
  executor?: 'emporium' | 'apollo';
  /**
   * Answer operations Apollo Server has validated before without its request pipeline (fast-path.ts; default true,
   * with our executor only). The responses are the same; false is the switch to rule it out.
   */
  fastPath?: boolean;
  /** Milliseconds since the epoch for the API key cache and the partner limits (default Date.now; tests move it). */
  now?: () => number;
}

const fastPaths = new WeakMap<FastifyInstance, FastPath>();

/** How many requests a gateway answered on its fast path (fast-path.ts), and how many it handed to Apollo Server after executing; null without one. */
export function fastPathStats(app: FastifyInstance): { served: number; handedOver: number } | null {
  const fastPath = fastPaths.get(app);
  return fastPath ? { ...fastPath.stats } : null;
}

/** Most an operation on the full API (/graphql, our own frontends) may cost; partners get `maxCost` of their limits. */
export const FULL_API_MAX_COST = 20_000;

/**
 * The Emporium gateway: @apollo/gateway on a static supergraph, served by Apollo Server on Fastify at `/graphql`
 * (with automatic persisted queries and a cost limit), the partner contract at `/public/graphql` (public-endpoint.ts),
 * `/health` (per-subgraph status) and `/ready` (supergraph loaded). It does not listen; `main.ts` does.
 */
export async function createGateway(opts: GatewayOptions): Promise<FastifyInstance> {
  // @apollo/gateway otherwise sends usage metrics to Apollo and probes cloud metadata endpoints (169.254.169.254) to
  // describe the host; a self-hosted gateway must not phone home. This env switch is the library's only off button.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const verifier = createTokenVerifier(opts.keys);
  const metrics = createGatewayMetrics();
  const serviceToken = serviceTokenSource(opts.keys.service, 'gateway');
  // One circuit breaker per subgraph, shared by both endpoints: a dead subgraph is dead for partners too.
  const breakers = new Map<string, CircuitBreaker>();
  const buildService = ({ name, url }: { name: string; url?: string }) => {
    let breaker = breakers.get(name);
    if (!breaker) breakers.set(name, (breaker = new CircuitBreaker(opts.circuitBreaker)));
    return new SubgraphDataSource({
      name,
      url: opts.subgraphUrls[name] ?? url ?? '',
      serviceToken,
      timeoutMs: opts.subgraphTimeoutMs ?? 2000,
      mutationTimeoutMs: opts.subgraphMutationTimeoutMs ?? 15_000,
      logger: opts.logger,
      breaker,
      observe: metrics.observeSubgraph,
    });
  };
  const gateway = createPlanExecutingGateway(opts.supergraphSdl, buildService, opts.executor);
  const redisUrl = opts.redisUrl || undefined;
  const ns = (name: string) => (opts.redisNamespace ? `${opts.redisNamespace}:${name}` : name);
  const cacheOpts = (namespace: string) => ({ namespace: ns(namespace), logger: opts.logger, ...(redisUrl ? { redisUrl } : {}) });
  const apqCache = await createCache(cacheOpts('gateway:apq'));

  const app = Fastify({ ...serviceFastifyOptions(opts.logger, 512 * 1024), trustProxy: opts.trustProxy ?? false });
  // With tracing on: a server span per GraphQL request (continuing the caller's traceparent), named after its operation.
  traceRequests(app, { component: 'gateway', service: 'gateway' });
  // A large response body is encoded to UTF-8 once: sent as a string, Fastify measures its byte length for
  // Content-Length and the socket encodes it again (~3% of the deep benchmark query's CPU).
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' && payload.length > 16_384 ? Buffer.from(payload) : payload));
  const tracingPlugins = tracingEnabled() ? [operationSpanPlugin] : [];
  const limits = limitOptions<GatewayContext>(opts.limits ?? defaultLimits);
  const maxCost = opts.maxCost ?? FULL_API_MAX_COST;
  const estimate = costEstimator();
  const makeContext = (request: FastifyRequest, reply: FastifyReply) => gatewayContext(request, reply, verifier, { secureCookies: opts.secureCookies ?? false });
  // Operations Apollo Server has validated once are served without its pipeline (fast-path.ts) when our executor runs.
  const fastPath =
    gateway instanceof PlanExecutingGateway && opts.fastPath !== false ? new FastPath({ gateway, context: makeContext, estimate, maxCost, metrics, tracing: tracingEnabled() }) : null;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: limits.allowBatchedHttpRequests,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted) => maskError(formatted),
    // Automatic persisted queries for our frontends (hash first, full text only on a miss).
    persistedQueries: { cache: apqStore(apqCache) },
    // No drain plugin: Fastify's own close() drains connections, and the plugin would call close() from onClose.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...limits.plugins, metrics.plugin, ...tracingPlugins, costLimitPlugin<GatewayContext>({ maxCost, estimate }), ...(fastPath ? [fastPath.plugin] : [])],
  });
  await apollo.start();
  let ready = true;

  app.setErrorHandler((err: FastifyError, _request, reply) => {
    reply.log.error({ err }, 'gateway request failed');
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    return reply.code(status).send({ errors: [{ message: status < 500 ? err.message : 'Internal server error.', extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL' } }] });
  });

  // What @as-integrations/fastify's plugin registers, with the fast path in front and its context reused.
  const apolloHandler = fastifyApolloHandler(apollo, {
    context: async (request, reply) => fastPath?.contextOf(request) ?? makeContext(request, reply),
  });
  if (fastPath) fastPaths.set(app, fastPath);
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: async function (request, reply) {
      return (await fastPath?.serve(request, reply)) ?? apolloHandler.call(this, request as Parameters<typeof apolloHandler>[0], reply as Parameters<typeof apolloHandler>[1]);
    },
  });
  const publicSdl = opts.publicSupergraphSdl ?? readIfExists(join(repoRoot, 'schema', 'public.supergraph.graphql'));
  const closers: (() => Promise<void>)[] = [() => apqCache.close()];
  if (publicSdl) {
    const clock = opts.now ? { now: opts.now } : {};
    const limiter = await createRateLimiter({ namespace: ns('gateway:ratelimit'), logger: opts.logger, ...clock, ...(redisUrl ? { redisUrl } : {}) });
    const sharedKeys = redisUrl ? await createCache(cacheOpts('gateway:apikeys')) : undefined;
    const keyVerifier = createApiKeyVerifier({
      lookup: userSubgraphKeyLookup({ url: opts.subgraphUrls.user ?? '', serviceToken, timeoutMs: opts.subgraphTimeoutMs ?? 2000 }),
      local: createMemoryCache({ namespace: 'apikeys', maxEntries: 10_000 }),
      shared: sharedKeys,
      ...(opts.apiKeyCacheTtlMs !== undefined ? { ttlMs: opts.apiKeyCacheTtlMs } : {}),
      ...clock,
    });
    const endpoint = await registerPublicEndpoint(app, {
      supergraphSdl: publicSdl,
      ...(opts.executor ? { executor: opts.executor } : {}),
      buildService,
      verifier: keyVerifier,
      limiter,
      safelist: opts.partnerOperations ?? OperationSafelist.fromDirectory(join(repoRoot, 'schema', 'partner-operations')),
      limits: { ...defaultPartnerLimits, ...opts.partnerLimits },
      operationLimits: opts.limits ?? defaultLimits,
      plugins: [metrics.plugin, ...tracingPlugins],
      ...clock,
    });
    closers.push(endpoint.stop, () => limiter.close(), async () => sharedKeys?.close());
  }
  app.get('/health', async () => {
    const subgraphs = await probeSubgraphs(opts.subgraphUrls);
    const down = Object.values(subgraphs).filter((s) => s.status !== 'up').length;
    return { status: down === 0 ? 'ok' : 'degraded', subgraphs };
  });
  app.get('/metrics', async (_req, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/ready', async (_req, reply) => reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' }));
  app.addHook('onClose', async () => {
    ready = false;
    await apollo.stop();
    for (const close of closers) await close();
  });
  return app;
}

/** Names the active request span (traceRequests) after the operation once Apollo Server has resolved it. */
const operationSpanPlugin: ApolloServerPlugin<object> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, operationName }) {
        setOperationOnSpan(trace.getActiveSpan(), operation?.operation, operationName);
      },
    };
  },
};

function readIfExists(file: string): string | false {
  return existsSync(file) ? readFileSync(file, 'utf8') : false;
}
