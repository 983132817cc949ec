import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { keyId, type KeyPair, type Keys } from '../auth/keys.ts';
import { signAccessToken, signServiceToken, type Role } from '../auth/tokens.ts';
import { createMemoryCache } from '../cache/index.ts';
import { fixedClock } from '../clock.ts';
import { loadServiceConfig } from '../config/service.ts';
import type { SchemaModule } from '../db/types.ts';
import { createMemoryBus } from '../events/index.ts';
import { openServiceRuntime, type ServiceRuntime } from '../runtime.ts';
import { createLogger } from '../server/logger.ts';
import { openTestDatabase } from './db.ts';

function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid: keyId(publicKey), privateKey, publicKey };
}

/** Fresh in-memory Ed25519 keys for a test file. */
export function createTestKeys(): Keys {
  return { access: keyPair(), service: keyPair() };
}

/** The instant test runtimes start at (their clock is fixed and can be moved). */
export const TEST_NOW = '2026-11-21T12:00:00.000Z';

/**
 * Opens a subgraph runtime for tests: a throwaway database (in-memory PGlite, or a fresh PostgreSQL database when
 * DATABASE_URL is set) migrated, in-memory cache and bus, test keys, a fixed clock and a silent logger.
 */
export async function openTestRuntime<TSchema extends SchemaModule>(opts: {
  name: string;
  schema: TSchema;
  migrationsFolder: string;
  keys?: Keys;
}): Promise<ServiceRuntime<TSchema> & { clock: ReturnType<typeof fixedClock> }> {
  const db = await openTestDatabase({ name: opts.name, schema: opts.schema, migrationsFolder: opts.migrationsFolder });
  const clock = fixedClock(TEST_NOW);
  const rt = await openServiceRuntime({
    name: opts.name,
    schema: opts.schema,
    migrationsFolder: opts.migrationsFolder,
    config: { ...loadServiceConfig(opts.name, {}), logLevel: 'silent' },
    logger: createLogger(opts.name, process.env.TEST_LOG_LEVEL ?? 'silent'),
    db,
    shared: { cache: createMemoryCache(), bus: createMemoryBus(), keys: opts.keys ?? createTestKeys(), clock },
  });
  const close = rt.close;
  return {
    ...rt,
    clock,
    async close() {
      await close();
      await rt.bus.close();
      await rt.cache.close();
      await db.close();
    },
  };
}

/** Headers for a request as a signed-in user (optionally with the gateway's service token vouching for a session). */
export async function userHeaders(
  keys: Keys,
  user: { id: string; roles?: Role[]; country?: string; currency?: string },
  session?: string,
): Promise<Record<string, string>> {
  const token = await signAccessToken(keys.access, {
    userId: user.id,
    roles: user.roles ?? ['customer'],
    ...(user.country ? { country: user.country } : {}),
    ...(user.currency ? { currency: user.currency } : {}),
  });
  return { authorization: `Bearer ${token}`, ...(session ? await serviceHeaders(keys, 'gateway', session) : {}) };
}

/** Headers for a call from another service (or the gateway, forwarding an anonymous session id). */
export async function serviceHeaders(keys: Keys, service: string, session?: string): Promise<Record<string, string>> {
  return { 'x-emporium-service': await signServiceToken(keys.service, service), ...(session ? { 'x-emporium-session': session } : {}) };
}

/** A GraphQL response as tests read it. */
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[] | undefined;
}

/** Runs a GraphQL operation against an app in-process (Fastify inject: no port, no sleep). */
export async function gql<T = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
  const body = res.json() as { data?: T | null; errors?: GqlResult['errors'] };
  return { status: res.statusCode, data: body.data, errors: body.errors };
}
