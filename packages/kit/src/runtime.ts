import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadKeys, type Keys } from './auth/keys.ts';
import { createTokenVerifier, serviceTokenSource, type TokenVerifier } from './auth/tokens.ts';
import { createCache } from './cache/index.ts';
import type { Cache } from './cache/types.ts';
import { clockFrom, type Clock } from './clock.ts';
import { loadServiceConfig, type ServiceConfig } from './config/service.ts';
import { openDatabase } from './db/index.ts';
import type { DatabaseHandle, SchemaModule } from './db/types.ts';
import { createEventBus } from './events/index.ts';
import type { EventBus } from './events/types.ts';
import { createLogger } from './server/logger.ts';
import { createServiceClient, type ServiceClient } from './service-client.ts';

/** Infrastructure shared by every subgraph in one process (the embedded start shares cache, bus, keys and clock). */
export interface SharedInfra {
  cache: Cache;
  bus: EventBus;
  keys: Keys;
  clock: Clock;
  /**
   * Where other subgraphs answer, for direct service calls (the embedded platform on ephemeral ports knows them only
   * after they listen); default `<NAME>_URL` or the registry port.
   */
  serviceUrl?: (subgraph: string) => string;
  /** Prefix of every Redis key this process writes (default `emporium`); tests give each platform its own. */
  redisNamespace?: string;
}

/** Everything a subgraph needs at run time, opened once at boot. */
export interface ServiceRuntime<TSchema extends SchemaModule> extends SharedInfra {
  name: string;
  config: ServiceConfig;
  logger: Logger;
  db: DatabaseHandle<TSchema>;
  verifier: TokenVerifier;
  /** This service's own service token (cached, renewed before expiry). */
  serviceToken: () => Promise<string>;
  /** Calls other subgraphs directly with the service token. */
  services: ServiceClient;
  /** Prefix for Redis keys of clients a subgraph opens itself (rate limiters …): `<redisNamespace>:<subgraph>:…`. */
  redisNamespace: string;
  /** Closes what this runtime opened (not the shared infra it was given). */
  close(): Promise<void>;
}

export interface OpenRuntimeOptions<TSchema extends SchemaModule> {
  name: string;
  schema: TSchema;
  migrationsFolder: string;
  config?: ServiceConfig;
  logger?: Logger;
  /** Reuse infrastructure (embedded mode, tests); anything absent is created from config. */
  shared?: Partial<SharedInfra>;
  /** Override where the database lives (tests pass an already-open handle). */
  db?: DatabaseHandle<TSchema>;
}

/** Opens config, logger, database (migrated), cache, event bus, keys and the service client for one subgraph. */
export async function openServiceRuntime<TSchema extends SchemaModule>(
  opts: OpenRuntimeOptions<TSchema>,
): Promise<ServiceRuntime<TSchema>> {
  const config = opts.config ?? loadServiceConfig(opts.name);
  const logger = opts.logger ?? createLogger(opts.name, config.logLevel);
  const owned: (() => Promise<void>)[] = [];
  const db =
    opts.db ??
    (await openDatabase({
      name: opts.name,
      ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir }),
      schema: opts.schema,
      migrationsFolder: opts.migrationsFolder,
      poolMax: config.dbPoolMax,
    }));
  if (!opts.db) owned.push(() => db.close());
  await db.migrate();
  const redisNamespace = opts.shared?.redisNamespace ?? 'emporium';
  const cache = opts.shared?.cache ?? (await createCache({ redisUrl: config.redisUrl, namespace: `${redisNamespace}:${opts.name}`, logger }));
  if (!opts.shared?.cache) owned.push(() => cache.close());
  const bus = opts.shared?.bus ?? (await createEventBus({ redisUrl: config.redisUrl, logger }));
  if (!opts.shared?.bus) owned.push(() => bus.close());
  const keys = opts.shared?.keys ?? loadKeys({ keysDir: join(config.dataDir, 'keys') });
  const clock = opts.shared?.clock ?? clockFrom(config.clockNow);
  const serviceToken = serviceTokenSource(keys.service, opts.name);
  return {
    name: opts.name,
    config,
    logger,
    db,
    cache,
    bus,
    keys,
    clock,
    verifier: createTokenVerifier(keys),
    serviceToken,
    redisNamespace,
    services: createServiceClient({ service: opts.name, token: serviceToken, ...(opts.shared?.serviceUrl ? { urlOf: opts.shared.serviceUrl } : {}) }),
    async close() {
      for (const close of owned.reverse()) await close().catch((err) => logger.warn({ err }, 'close failed'));
    },
  };
}
