import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../config/env.ts';
import type { SchemaModule } from '../db/types.ts';
import type { ServiceRuntime } from '../runtime.ts';
import { startTracing } from '../telemetry.ts';
import { serveUntilSignal } from './subgraph-server.ts';

/** A built subgraph: its HTTP app plus background work (outbox relay, event consumers). */
export interface SubgraphHandle {
  app: FastifyInstance;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a process entry point; a configuration error ends the process with its sentence and exit code 2 instead of a
 * stack trace (anything else is a bug and keeps its stack).
 */
export async function bootOrExplain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * Boots one subgraph as its own process: opens its runtime, builds it, listens on its port and shuts down cleanly on
 * SIGINT/SIGTERM. Events must cross processes here, so REDIS_URL is required unless ALLOW_IN_PROCESS_BUS=true.
 */
export async function runStandalone<R extends ServiceRuntime<SchemaModule>>(
  open: () => Promise<R>,
  build: (rt: R) => Promise<SubgraphHandle>,
): Promise<void> {
  await bootOrExplain(async () => {
    const rt = await open();
    if (rt.bus.kind === 'memory' && !/^(1|true|yes)$/i.test(process.env.ALLOW_IN_PROCESS_BUS ?? '')) {
      await rt.close();
      throw new ConfigError(
        `REDIS_URL is required when the ${rt.name} subgraph runs as its own process (events must reach the other ` +
          'subgraphs). Use `npm start` for the embedded mode, or set ALLOW_IN_PROCESS_BUS=true to run it alone.',
      );
    }
    // Before the app is built: the server only adds its tracing hooks when tracing is on (OTEL_* variables).
    const tracing = startTracing(`emporium-${rt.name}`);
    const subgraph = await build(rt);
    await subgraph.start();
    const address = await serveUntilSignal(subgraph.app, { host: rt.config.host, port: rt.config.port }, async () => {
      await subgraph.stop();
      await rt.close();
      await tracing?.stop();
    });
    rt.logger.info({ address }, `${rt.name} subgraph listening`);
  });
}
