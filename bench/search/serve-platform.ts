/**
 * Child process of gateway-bench.ts: starts every subgraph and the gateway on ephemeral ports over an already loaded
 * PostgreSQL database (no seeding), prints `{"gatewayUrl": …}` on stdout when ready, and stops on SIGTERM.
 *
 *   npx tsx bench/search/serve-platform.ts <database-url> <data-dir>
 */
import { startPlatform } from '@emporium/platform';
import { serveUntilSignalled } from '../lib/serve-child.ts';

const [databaseUrl, dataDir] = process.argv.slice(2);
if (!databaseUrl || !dataDir) {
  process.stderr.write('Usage: serve-platform.ts <database-url> <data-dir>\n');
  process.exit(2);
}
const platform = await startPlatform({ databaseUrl, dataDir, seed: false, ports: 'ephemeral', logLevel: 'warn' });
serveUntilSignalled(platform, { gatewayUrl: platform.gatewayUrl });
