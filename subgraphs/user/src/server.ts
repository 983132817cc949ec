import { readFileSync } from 'node:fs';
import { createOutboxRelay, createRateLimiter, createSubgraphServer, type RateLimiter, type SubgraphHandle } from '@emporium/kit';
import { parse } from 'graphql';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/passwords.ts';
import { DEFAULT_LIMITS, passwordResetUrl, type AttemptLimits } from './config.ts';
import { outbox } from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { createSandboxMailer, type Mailer } from './mailer.ts';
import { resolvers } from './resolvers/index.ts';
import type { UserRuntime } from './runtime.ts';
import { createServices } from './services.ts';

/** The user subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** What a caller (tests, the platform) may override; everything defaults to the production setup. */
export interface UserSubgraphOptions {
  jit?: boolean;
  /** Default: the sandbox mailer (writes to `mail_outbox`). */
  mailer?: Mailer;
  /** Default: Redis when REDIS_URL is set (falling back to in-process limits while Redis fails), else in-process. */
  rateLimiter?: RateLimiter;
  /** Default: DEFAULT_LIMITS. */
  limits?: Partial<AttemptLimits>;
  /** Default: DEFAULT_SCRYPT. Tests pass cheaper parameters. */
  passwordParams?: ScryptParams;
  /** Default: PASSWORD_RESET_URL or http://localhost:3000/account/reset-password. */
  resetUrl?: string;
}

/** Builds the user subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildUserSubgraph(rt: UserRuntime, opts: UserSubgraphOptions = {}): Promise<SubgraphHandle> {
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const limiter =
    opts.rateLimiter ?? (await createRateLimiter({ redisUrl: rt.config.redisUrl, namespace: `${rt.redisNamespace}:user:attempts`, logger: rt.logger }));
  const services = createServices({
    mailer: opts.mailer ?? createSandboxMailer(rt.db.background, rt.clock),
    limiter,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    password: opts.passwordParams ?? DEFAULT_SCRYPT,
    resetUrl: opts.resetUrl ?? passwordResetUrl(),
    eventsEnqueued: () => relay.notify(),
  });
  const app = await createSubgraphServer({
    name: 'user',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: (base) => ({ rt, loaders: createLoaders(rt, base.identity), services, authenticated: new Set<string>() }),
    ready: () => rt.db.ping(),
  });
  return {
    app,
    /** Starts the outbox relay that publishes `user.deleted` and `deal.saved` events. */
    async start() {
      relay.start();
    },
    async stop() {
      await relay.stop();
      await app.close();
      if (!opts.rateLimiter) await limiter.close();
    },
  };
}
