import { join } from 'node:path';
import { defaultDataDir, envReader, repoRoot, subgraphRegistry, subgraphUrl } from '@emporium/kit';

/** The gateway's settings, read once at boot. */
export interface GatewayConfig {
  host: string;
  port: number;
  supergraphPath: string;
  /** The partner contract supergraph served at /public/graphql. */
  publicSupergraphPath: string;
  /** Redis for partner rate limits, the API key cache and persisted queries (in-process without it). */
  redisUrl: string | undefined;
  /** Subgraph name → GraphQL URL (overrides the URLs in the supergraph file). */
  subgraphUrls: Record<string, string>;
  keysDir: string;
  subgraphTimeoutMs: number;
  /** Subgraph timeout for mutations (checkout waits on services and a payment provider). */
  subgraphMutationTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Send `Secure` on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  /** Which proxies' `X-Forwarded-For` to believe for the client address (Fastify `trustProxy`); false by default. */
  trustProxy: boolean | string;
  /** Who executes query plans: ours (default) or @apollo/gateway's own executor (`GATEWAY_EXECUTOR=apollo`). */
  executor: 'emporium' | 'apollo';
  /** Answer repeated operations without Apollo Server's pipeline (fast-path.ts; `GATEWAY_FAST_PATH=false` turns it off). */
  fastPath: boolean;
}

/** Parses TRUST_PROXY: true/false or a comma-separated list of addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || /^(false|0|no|off)$/i.test(value)) return false;
  if (/^(true|yes|on)$/i.test(value)) return true;
  return value;
}

/** Reads the gateway configuration from env; bad values fail at boot with a sentence naming the variable. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const e = envReader(env);
  return {
    host: e.string('GATEWAY_HOST', e.string('HOST', '127.0.0.1')),
    port: e.int('GATEWAY_PORT', 4000, { min: 0, max: 65535 }),
    supergraphPath: e.string('SUPERGRAPH_PATH', join(repoRoot, 'schema', 'supergraph.graphql')),
    publicSupergraphPath: e.string('PUBLIC_SUPERGRAPH_PATH', join(repoRoot, 'schema', 'public.supergraph.graphql')),
    redisUrl: e.optional('REDIS_URL'),
    subgraphUrls: Object.fromEntries(subgraphRegistry().map(({ name }) => [name, subgraphUrl(name, env)])),
    keysDir: join(e.optional('DATA_DIR') ?? defaultDataDir(), 'keys'),
    subgraphTimeoutMs: e.int('SUBGRAPH_TIMEOUT_MS', 2000, { min: 50, max: 60_000 }),
    subgraphMutationTimeoutMs: e.int('SUBGRAPH_MUTATION_TIMEOUT_MS', 15_000, { min: 50, max: 120_000 }),
    logLevel: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    secureCookies: e.bool('SECURE_COOKIES', false),
    trustProxy: parseTrustProxy(e.optional('TRUST_PROXY')),
    executor: e.oneOf('GATEWAY_EXECUTOR', ['emporium', 'apollo'] as const, 'emporium'),
    fastPath: e.bool('GATEWAY_FAST_PATH', true),
  };
}
