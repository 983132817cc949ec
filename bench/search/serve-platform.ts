/**
 * Child process of gateway-bench.ts: starts every subgraph and the gateway on ephemeral ports over an already loaded
 * PostgreSQL database (no seeding), prints `{"gatewayUrl": …}` on stdout when ready, and stops on SIGTERM.
 *
 *   npx tsx bench/search/serve-platform.ts <database-url> <data-dir>
 */
import { startPlatform } from '@emporium/platform';

const [databaseUrl, dataDir] = process.argv.slice(2);
if (!databaseUrl || !dataDir) {
  process.stderr.write('Usage: serve-platform.ts <database-url> <data-dir>\n');
  process.exit(2);
}
const platform = await startPlatform({ databaseUrl, dataDir, seed: false, ports: 'ephemeral', logLevel: 'warn' });
process.stdout.write(`${JSON.stringify({ gatewayUrl: platform.gatewayUrl })}\n`);
const stop = async () => {
  setTimeout(() => process.exit(1), 10_000).unref(); // never outlive the benchmark
  await platform.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
