import { bootOrExplain, envReader, startTracing } from '@emporium/kit';
import { startPlatform } from './platform.ts';
import { startWeb } from './web.ts';

// `npm start`: every subgraph, the gateway and the storefront on this machine. Embedded defaults (PGlite per subgraph,
// in-process cache and bus) unless DATABASE_URL / REDIS_URL are set. Empty databases are seeded first.
await bootOrExplain(async () => {
  const e = envReader();
  const webPort = e.int('WEB_PORT', 3000, { min: 1, max: 65535 });
  const withWeb = e.bool('START_WEB', true);
  const started = Date.now();
  // Once for the whole process (every subgraph and the gateway share it), before any server is built.
  const tracing = startTracing('emporium-platform');
  const platform = await startPlatform({
    databaseUrl: e.url('DATABASE_URL', ['postgres', 'postgresql']),
    redisUrl: e.url('REDIS_URL', ['redis', 'rediss']),
    gatewayPort: e.int('GATEWAY_PORT', 4000, { min: 1, max: 65535 }),
    logLevel: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'warn'),
  });
  const web = withWeb ? startWeb({ port: webPort, gatewayUrl: platform.gatewayUrl, log: (l) => console.log(l) }) : null;
  const lines = [
    '',
    `Emporium is running (${((Date.now() - started) / 1000).toFixed(1)} s):`,
    `  GraphQL gateway  ${platform.gatewayUrl}`,
    ...(web ? [`  Storefront       http://127.0.0.1:${webPort}/`, `  Playground       http://127.0.0.1:${webPort}/playground`] : []),
    `  Gateway health   ${platform.gatewayUrl.replace(/graphql$/, 'health')}`,
    ...Object.entries(platform.subgraphUrls).map(([name, url]) => `  ${name.padEnd(16)} ${url}`),
    ...(tracing ? [`  Traces           ${tracing.exporter} (service ${tracing.serviceName})`] : []),
    '',
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    web?.kill('SIGTERM');
    await platform.stop();
    await tracing?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
});
