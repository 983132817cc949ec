import { buildSubgraphSchema } from '@apollo/subgraph';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import mercurius from 'mercurius';
import type { Logger } from 'pino';
import { Headers, resolveIdentity, type Identity } from '../auth/identity.ts';
import type { TokenVerifier } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { formatResultErrors, statusFor } from '../graphql/format-errors.ts';
import { DateTimeScalar, SafeIntScalar } from '../graphql/scalars.ts';
import { requestSpan, setDocumentOnSpan, traceRequests, tracingEnabled } from '../telemetry.ts';
import { serviceFastifyOptions } from './fastify-options.ts';

/** What every resolver gets in its context, before the subgraph adds its own (loaders, services). */
export interface BaseContext {
  identity: Identity;
  requestId: string;
  log: Logger;
}

export interface SubgraphServerOptions<TContext extends object> {
  /** Subgraph name, used in logs and health output. */
  name: string;
  /** The subgraph SDL (schema.graphql), parsed. */
  typeDefs: DocumentNode;
  /** Resolvers, typically typed by codegen's `Resolvers<Context>` (federation: true). */
  resolvers: object;
  verifier: TokenVerifier;
  logger: Logger;
  /** Compile hot queries with graphql-jit (default true). */
  jit?: boolean;
  /** Builds the per-request part of the context — a fresh set of DataLoaders belongs here. */
  context: (base: BaseContext) => TContext;
  /** Readiness probe (e.g. a database ping); `/ready` answers 503 while it is false. */
  ready?: () => Promise<boolean>;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

/** Builds a subgraph's federated schema from its SDL and resolvers, with the kit's scalars. */
export function buildFederatedSchema(typeDefs: DocumentNode, resolvers: object): GraphQLSchema {
  const usesScalar = (name: string) =>
    typeDefs.definitions.some((d) => d.kind === 'ScalarTypeDefinition' && d.name.value === name);
  const scalars: Record<string, unknown> = {};
  if (usesScalar('SafeInt')) scalars.SafeInt = SafeIntScalar;
  if (usesScalar('DateTime')) scalars.DateTime = DateTimeScalar;
  return buildSubgraphSchema([{ typeDefs, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- @apollo/subgraph types resolvers loosely
    resolvers: { ...scalars, ...resolvers } as any }]);
}

/**
 * A Fastify app serving one subgraph with mercurius: POST/GET `/graphql`, `/health`, `/ready`. Tokens are verified on
 * every request before execution; the app does not listen — call `listen` (main.ts) or `inject` (tests).
 */
export async function createSubgraphServer<TContext extends object>(opts: SubgraphServerOptions<TContext>): Promise<FastifyInstance> {
  const app = Fastify(serviceFastifyOptions(opts.logger, opts.bodyLimit ?? 1024 * 1024));
  const schema = buildFederatedSchema(opts.typeDefs, opts.resolvers);
  traceRequests(app, { component: `subgraph.${opts.name}`, service: opts.name });

  app.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'warn' : 'debug';
    request.log[level]({ url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request done');
    done();
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if (!request.url.startsWith('/graphql')) return;
    try {
      request.identity = await resolveIdentity(request.headers, opts.verifier, request.ip ?? null);
    } catch (err) {
      if (err instanceof AppError) {
        return reply.code(err.httpStatus).send({ errors: [{ message: err.message, extensions: err.extensions }] });
      }
      throw err;
    }
  });

  await app.register(mercurius, {
    schema,
    path: '/graphql',
    graphiql: false,
    ide: false,
    jit: opts.jit === false ? 0 : 1,
    allowBatchedQueries: false,
    context: (request: FastifyRequest) => {
      const base: BaseContext = {
        identity: request.identity ?? { user: null, service: null, sessionId: null, clientIp: null },
        requestId: String(request.id),
        log: request.log as Logger,
      };
      return { ...base, ...opts.context(base) };
    },
    errorFormatter: (execution, ctx) => {
      const log = ((ctx as unknown as { reply?: { log: Logger } }).reply?.log ?? opts.logger) as Logger;
      const errors = formatResultErrors(execution.errors, log).map((e) => e.toJSON());
      return { statusCode: statusFor(execution), response: { data: execution.data ?? null, errors } };
    },
  });

  if (tracingEnabled()) {
    app.graphql.addHook('preExecution', async (_schema, document, ctx) => {
      const request = ctx.reply.request;
      setDocumentOnSpan(requestSpan(request), document, (request.body as { operationName?: string } | undefined)?.operationName);
    });
  }

  app.get('/health', async () => ({ status: 'ok', service: opts.name }));
  app.get('/ready', async (_req, reply) => {
    const ok = opts.ready ? await opts.ready().catch(() => false) : true;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service: opts.name });
  });
  return app;
}

/** Listens, then closes the app and runs `cleanup` on SIGINT/SIGTERM (in-flight requests finish first). */
export async function serveUntilSignal(
  app: FastifyInstance,
  where: { host: string; port: number },
  cleanup: () => Promise<void> = async () => {},
): Promise<string> {
  const address = await app.listen(where);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await cleanup();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return address;
}
