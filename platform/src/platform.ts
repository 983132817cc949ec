import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCache,
  createEventBus,
  createLogger,
  clockFrom,
  loadKeys,
  loadServiceConfig,
  repoRoot,
  subgraphUrl,
  type Clock,
  type Keys,
  type Logger,
  type SchemaModule,
  type ServiceRuntime,
  type SharedInfra,
  type SubgraphHandle,
} from '@emporium/kit';
import { createGateway } from '@emporium/gateway';
import { seedPlatform, type SeedOptions } from './seed.ts';

type FastifyInstance = SubgraphHandle['app'];
import { subgraphModules } from './subgraphs.ts';

/** How to run the platform in one process. */
export interface PlatformOptions {
  /** 'default' uses the registry ports (4001…, gateway 4000); 'ephemeral' lets the OS pick (tests). */
  ports?: 'default' | 'ephemeral';
  host?: string;
  /** PostgreSQL URL shared by all subgraphs (each in its own schema); absent means PGlite per subgraph. */
  databaseUrl?: string;
  /** Root of the PGlite directories and keys; 'memory' keeps PGlite in memory (tests). */
  dataDir?: string | 'memory';
  redisUrl?: string;
  /**
   * Prefix of this platform's Redis keys (cache and event streams), default `emporium`. Tests give each platform its
   * own, so platforms sharing one Redis never read each other's cache entries or consume each other's events.
   */
  redisNamespace?: string;
  /** Seed empty databases with the demo data (true), with options, or not at all (false). */
  seed?: boolean | SeedOptions;
  keys?: Keys;
  clock?: Clock;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  gatewayPort?: number;
  /** Where progress lines go (default: stderr). */
  progress?: (line: string) => void;
}

/** A running platform: seven subgraphs and the gateway in this process. */
export interface Platform {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  runtimes: Record<string, ServiceRuntime<SchemaModule>>;
  subgraphs: Record<string, SubgraphHandle>;
  gateway: FastifyInstance;
  shared: SharedInfra;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * Starts every subgraph (each on its own port with its own database) and the gateway in one Node process, sharing one
 * cache, one event bus, one key set and one clock — the embedded mode of `npm start`, and what e2e tests drive.
 */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const logLevel = opts.logLevel ?? 'info';
  const logger = createLogger('platform', logLevel);
  const subgraphUrls: Record<string, string> = {};
  const host = opts.host ?? '127.0.0.1';
  const dataDir = opts.dataDir === 'memory' ? join(repoRoot, '.data') : (opts.dataDir ?? join(repoRoot, '.data'));
  const env = {
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    DATA_DIR: dataDir,
    LOG_LEVEL: logLevel,
  };
  const shared: SharedInfra = {
    cache: await createCache({ redisUrl: opts.redisUrl, namespace: opts.redisNamespace ?? 'emporium', logger }),
    bus: await createEventBus({ redisUrl: opts.redisUrl, logger, ...(opts.redisNamespace ? { streamPrefix: `${opts.redisNamespace}:events:` } : {}) }),
    keys: opts.keys ?? loadKeys({ keysDir: join(dataDir, 'keys') }),
    clock: opts.clock ?? clockFrom(process.env.CLOCK_NOW),
    // Direct service calls (checkout → pricing/inventory) go to where the subgraphs actually listen.
    serviceUrl: (name) => subgraphUrls[name] ?? subgraphUrl(name, env),
    ...(opts.redisNamespace ? { redisNamespace: opts.redisNamespace } : {}),
  };
  const runtimes: Record<string, ServiceRuntime<SchemaModule>> = {};
  const subgraphs: Record<string, SubgraphHandle> = {};
  const stopAll = async () => {
    for (const name of Object.keys(subgraphs).reverse()) await subgraphs[name]?.stop().catch(() => {});
    for (const rt of Object.values(runtimes).reverse()) await rt.close().catch(() => {});
    await shared.bus.close().catch(() => {});
    await shared.cache.close().catch(() => {});
  };
  try {
    for (const mod of subgraphModules) {
      const config = { ...loadServiceConfig(mod.name, env), host };
      if (opts.ports === 'ephemeral') config.port = 0;
      if (opts.dataDir === 'memory') config.pgliteDir = 'memory://';
      runtimes[mod.name] = await mod.open({ config, shared, logger: createLogger(mod.name, logLevel) });
    }
    if (opts.seed !== false) {
      await seedPlatform(runtimes, opts.seed === true || opts.seed === undefined ? {} : opts.seed, opts.progress);
    }
    for (const mod of subgraphModules) {
      const rt = runtimes[mod.name]!;
      const handle = await mod.build(rt);
      subgraphs[mod.name] = handle;
      await handle.start();
      await handle.app.listen({ host, port: rt.config.port });
      const addr = handle.app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : rt.config.port;
      subgraphUrls[mod.name] = `http://${host}:${port}/graphql`;
    }
    const gateway = await createGateway({
      ...(opts.redisUrl ? { redisUrl: opts.redisUrl } : {}),
      ...(opts.redisNamespace ? { redisNamespace: opts.redisNamespace } : {}),
      supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls,
      keys: shared.keys,
      logger: createLogger('gateway', logLevel),
      // The embedded storefront calls the gateway from this machine and forwards the shopper's address.
      trustProxy: '127.0.0.1,::1',
    });
    await gateway.listen({ host, port: opts.ports === 'ephemeral' ? 0 : (opts.gatewayPort ?? 4000) });
    const gAddr = gateway.server.address();
    const gatewayUrl = `http://${host}:${typeof gAddr === 'object' && gAddr ? gAddr.port : 4000}/graphql`;
    return {
      gatewayUrl,
      subgraphUrls,
      runtimes,
      subgraphs,
      gateway,
      shared,
      logger,
      async stop() {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
