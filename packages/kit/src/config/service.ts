import { join } from 'node:path';
import { defaultDataDir } from '../paths.ts';
import { subgraphRegistry } from './registry.ts';
import { envReader } from './env.ts';

/** Everything a subgraph process reads from the environment, read once at boot. */
export interface ServiceConfig {
  name: string;
  host: string;
  port: number;
  /** postgres URL (`<NAME>_DATABASE_URL` or `DATABASE_URL`); absent means embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  dbPoolMax: number;
  redisUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  jit: boolean;
  /** Fixed "now" for demos and tests (ISO date-time), else the system clock. */
  clockNow: string | undefined;
}

/** Reads a subgraph's configuration; throws ConfigError with a plain sentence on a bad value. */
export function loadServiceConfig(name: string, env: Record<string, string | undefined> = process.env): ServiceConfig {
  const e = envReader(env);
  const entry = subgraphRegistry().find((s) => s.name === name);
  const prefix = name.toUpperCase();
  const dataDir = e.optional('DATA_DIR') ?? defaultDataDir();
  const clockNow = e.optional('CLOCK_NOW');
  if (clockNow !== undefined && Number.isNaN(Date.parse(clockNow))) {
    throw new Error(`CLOCK_NOW must be an ISO date-time such as 2026-01-31T12:00:00Z, got "${clockNow}".`);
  }
  return {
    name,
    host: e.string('HOST', '127.0.0.1'),
    port: e.int(`${prefix}_PORT`, e.int('PORT', entry?.port ?? 0, { min: 0, max: 65535 }), { min: 0, max: 65535 }),
    databaseUrl: e.url(`${prefix}_DATABASE_URL`, ['postgres', 'postgresql']) ?? e.url('DATABASE_URL', ['postgres', 'postgresql']),
    pgliteDir: join(dataDir, name),
    dbPoolMax: e.int('DB_POOL_MAX', 5, { min: 1, max: 50 }),
    redisUrl: e.url('REDIS_URL', ['redis', 'rediss']),
    dataDir,
    logLevel: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    jit: e.bool('GRAPHQL_JIT', true),
    clockNow,
  };
}
