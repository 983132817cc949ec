import { randomUUID } from 'node:crypto';
import { fixedClock } from '@emporium/kit';
import { createScratchDatabase, createTestKeys, type ScratchDatabase } from '@emporium/kit/testing';
import { startPlatform, type Platform } from '@emporium/platform';

/** The instant the e2e platform treats as "now" (the demo data is shifted so its last invoice lands on this day). */
export const E2E_NOW = new Date('2026-11-21T12:00:00.000Z');

/** How many source rows of the Online Retail file e2e tests seed (enough for co-purchases and deals, quick to load). */
export const E2E_ROWS = 60_000;

/**
 * Starts the whole platform on ephemeral ports for a test file: in-memory PGlite per subgraph, or — when
 * DATABASE_URL is set — one scratch PostgreSQL database (each subgraph in its own schema), dropped afterwards.
 */
export async function startTestPlatform(): Promise<{ platform: Platform; keys: ReturnType<typeof createTestKeys>; stop(): Promise<void> }> {
  const keys = createTestKeys();
  let scratch: ScratchDatabase | undefined;
  if (process.env.DATABASE_URL) scratch = await createScratchDatabase(process.env.DATABASE_URL);
  const platform = await startPlatform({
    ports: 'ephemeral',
    dataDir: 'memory',
    ...(scratch ? { databaseUrl: scratch.url } : {}),
    // Each test platform has its own Redis keys: no cache entries or events shared with another test file's platform.
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL, redisNamespace: `emporium-test-${randomUUID()}` } : {}),
    seed: { maxRows: E2E_ROWS, now: E2E_NOW },
    keys,
    clock: fixedClock(E2E_NOW),
    logLevel: 'silent',
    progress: () => {},
  });
  return {
    platform,
    keys,
    async stop() {
      await platform.stop();
      await scratch?.drop();
    },
  };
}

/** POSTs an operation to the gateway over real HTTP. */
export async function gatewayQuery<T = Record<string, unknown>>(
  platform: Platform,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; data: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; headers: Headers }> {
  const res = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: res.status, data: body.data, ...(body.errors ? { errors: body.errors } : {}), headers: res.headers };
}
