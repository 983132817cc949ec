/**
 * Child process of stack.ts: the real platform — all seven subgraphs (and the embedded gateway, used only for setup)
 * in one process on PostgreSQL, with the cache and event bus on Redis under the benchmark's own namespace. Seeds the
 * Online Retail demo data into empty subgraphs first. Prints one JSON line `{ gatewayUrl, subgraphUrls }` when ready.
 *
 * Env: STACK_DATABASE_URL, STACK_DATA_DIR (keys are generated into <dir>/keys on the first start), STACK_REDIS_URL,
 * STACK_REDIS_NAMESPACE, STACK_SEED_ROWS (0: all rows).
 */
import { startPlatform } from '@emporium/platform';
import { serveUntilSignalled } from '../lib/serve-child.ts';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required.`);
  return v;
};
const rows = Number(process.env.STACK_SEED_ROWS ?? '0');
const platform = await startPlatform({
  databaseUrl: env('STACK_DATABASE_URL'),
  dataDir: env('STACK_DATA_DIR'),
  redisUrl: env('STACK_REDIS_URL'),
  redisNamespace: env('STACK_REDIS_NAMESPACE'),
  seed: rows > 0 ? { maxRows: rows } : true,
  ports: 'ephemeral',
  logLevel: 'error',
  progress: (line) => process.stderr.write(`${line}\n`),
});
serveUntilSignalled(platform, { gatewayUrl: platform.gatewayUrl, subgraphUrls: platform.subgraphUrls });
