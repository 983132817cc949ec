import { readFileSync } from 'node:fs';
import { createOutboxRelay, createSubgraphServer, envReader, type SubgraphHandle, type Subscription } from '@emporium/kit';
import { parse } from 'graphql';
import { subscribeProductUpserted } from './catalog.ts';
import { createCommands, type Commands } from './checkout/commands.ts';
import type { LifecycleDeps } from './checkout/lifecycle.ts';
import { createSandboxPaymentProvider, type PaymentProvider } from './checkout/payments.ts';
import { createCheckoutSaga, type CheckoutSaga, type SagaDeps } from './checkout/saga.ts';
import { outbox } from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { OrderRuntime } from './runtime.ts';

/** The order subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Seconds between recovery passes over interrupted checkouts: ORDER_RECOVERY_INTERVAL_SECONDS, default 15 (0: off). */
export function recoveryIntervalMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  return envReader(env).int('ORDER_RECOVERY_INTERVAL_SECONDS', 15, { min: 0, max: 3600 }) * 1000;
}

export interface OrderSubgraphOptions {
  jit?: boolean;
  /** Commands to pricing and inventory (default: over the runtime's service client). */
  commands?: Commands;
  /** Payment provider (default: the sandbox provider). */
  payments?: PaymentProvider;
  /** Test hooks and timings of the checkout saga. */
  saga?: Pick<SagaDeps, 'fault' | 'leaseMs' | 'reservationTtlSeconds'>;
  /** Recovery pass interval in ms (default from the environment; 0: off). */
  recoveryIntervalMs?: number;
}

/** Builds the order subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildOrderSubgraph(
  rt: OrderRuntime,
  opts: OrderSubgraphOptions = {},
): Promise<SubgraphHandle & { saga: CheckoutSaga; lifecycle: LifecycleDeps }> {
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const commands = opts.commands ?? createCommands(rt.services);
  const payments = opts.payments ?? createSandboxPaymentProvider(rt.db.db);
  const sagaDeps = { clock: rt.clock, logger: rt.logger, commands, payments, eventsEnqueued: () => relay.notify(), ...opts.saga };
  const saga = createCheckoutSaga({ db: rt.db.db, ...sagaDeps });
  // The recovery job is background work: it runs on the uncounted handle (request statistics stay per request).
  const recovery = createCheckoutSaga({ db: rt.db.background, ...sagaDeps });
  const lifecycle: LifecycleDeps = { db: rt.db.db, clock: rt.clock, commands, payments };
  const app = await createSubgraphServer({
    name: 'order',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt, commands), commands, saga, lifecycle }),
    ready: () => rt.db.ping(),
  });
  const intervalMs = opts.recoveryIntervalMs ?? recoveryIntervalMsFromEnv();
  let catalog: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<unknown> = Promise.resolve();
  const recover = () => {
    pass = recovery.recover().catch((err: unknown) => rt.logger.error({ err }, 'checkout recovery pass failed'));
  };
  return {
    app,
    saga,
    lifecycle,
    /**
     * Background work: the outbox relay (`order.placed`), the catalog copy from `product.upserted`, and the recovery
     * job that finishes or compensates checkouts a crash interrupted (once at start, then every interval).
     */
    async start() {
      relay.start();
      catalog ??= await subscribeProductUpserted(rt);
      if (intervalMs > 0 && !timer) {
        recover();
        timer = setInterval(recover, intervalMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await pass;
      await relay.stop();
      await catalog?.close();
      catalog = undefined;
      await app.close();
    },
  };
}
