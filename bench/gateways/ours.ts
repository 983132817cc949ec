/**
 * Our gateway as shipped, alone in this process. Env: SUPERGRAPH_PATH, SUBGRAPH_URLS (JSON), PORT, KEYS_DIR, and
 * GATEWAY_EXECUTOR=apollo for the variant that executes plans with @apollo/gateway's own executor, GATEWAY_FAST_PATH=false
 * for the variant without the fast path.
 */
import { readFileSync } from 'node:fs';
import { createGateway } from '@emporium/gateway';
import { createLogger, loadKeys } from '@emporium/kit';

const app = await createGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
  subgraphUrls: JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>,
  keys: loadKeys({ keysDir: process.env.KEYS_DIR ?? '', generate: false }),
  logger: createLogger('gateway', 'error'),
  executor: process.env.GATEWAY_EXECUTOR === 'apollo' ? 'apollo' : 'emporium',
  fastPath: process.env.GATEWAY_FAST_PATH !== 'false',
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('ready');
