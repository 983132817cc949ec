import { readFileSync } from 'node:fs';
import { bootOrExplain, createLogger, loadKeys, serveUntilSignal, startTracing } from '@emporium/kit';
import { loadGatewayConfig } from './config.ts';
import { createGateway } from './server.ts';

// Runs the gateway as its own process.
await bootOrExplain(async () => {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.logLevel);
  // Before the app is built: the gateway only adds its tracing hooks when tracing is on (OTEL_* variables).
  const tracing = startTracing('emporium-gateway');
  const app = await createGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    publicSupergraphSdl: readFileSync(config.publicSupergraphPath, 'utf8'),
    redisUrl: config.redisUrl,
    subgraphUrls: config.subgraphUrls,
    keys: loadKeys({ keysDir: config.keysDir }),
    logger,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    subgraphMutationTimeoutMs: config.subgraphMutationTimeoutMs,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    executor: config.executor,
    fastPath: config.fastPath,
  });
  const address = await serveUntilSignal(app, { host: config.host, port: config.port }, async () => {
    await tracing?.stop();
  });
  logger.info({ address }, 'gateway listening');
});
