import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import { createTokenVerifier, serviceFastifyOptions, serviceTokenSource, type Keys, type Logger } from '@emporium/kit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { SubgraphDataSource } from './datasource.ts';
import { maskError } from './errors.ts';
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
  secureCookies?: boolean;
  /** Fastify `trustProxy`: whose X-Forwarded-For to believe for the client address (default: nobody's). */
  trustProxy?: boolean | string;
  /** Limits checked before execution (default: `defaultLimits`). */
  limits?: OperationLimits;
  circuitBreaker?: CircuitBreakerOptions;
}

/**
 * The Emporium gateway: @apollo/gateway on a static supergraph, served by Apollo Server on Fastify at `/graphql`,
 * with `/health` (per-subgraph status) and `/ready` (supergraph loaded). It does not listen; `main.ts` does.
 */
export async function createGateway(opts: GatewayOptions): Promise<FastifyInstance> {
  // @apollo/gateway otherwise sends usage metrics to Apollo and probes cloud metadata endpoints (169.254.169.254) to
  // describe the host; a self-hosted gateway must not phone home. This env switch is the library's only off button.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const verifier = createTokenVerifier(opts.keys);
  const metrics = createGatewayMetrics();
  const serviceToken = serviceTokenSource(opts.keys.service, 'gateway');
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url: opts.subgraphUrls[name] ?? url ?? '',
        serviceToken,
        timeoutMs: opts.subgraphTimeoutMs ?? 2000,
        logger: opts.logger,
        breaker: new CircuitBreaker(opts.circuitBreaker),
        observe: metrics.observeSubgraph,
      }),
  });

  const app = Fastify({ ...serviceFastifyOptions(opts.logger, 512 * 1024), trustProxy: opts.trustProxy ?? false });
  const limits = limitOptions<GatewayContext>(opts.limits ?? defaultLimits);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: limits.allowBatchedHttpRequests,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted) => maskError(formatted),
    // No drain plugin: Fastify's own close() drains connections, and the plugin would call close() from onClose.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...limits.plugins, metrics.plugin],
  });
  await apollo.start();
  let ready = true;

  app.setErrorHandler((err: FastifyError, _request, reply) => {
    reply.log.error({ err }, 'gateway request failed');
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    return reply.code(status).send({ errors: [{ message: status < 500 ? err.message : 'Internal server error.', extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL' } }] });
  });

  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: (request, reply) => gatewayContext(request, reply, verifier, { secureCookies: opts.secureCookies ?? false }),
  });
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
  });
  return app;
}
