/**
 * Hive Gateway (`@graphql-hive/gateway`) with its defaults, alone in this process, on the same supergraph file and the
 * same replayed subgraphs as the other gateways. Only the subgraph locations are overridden (`transportEntries`), as
 * stock.ts overrides the URLs in `buildService`; GraphiQL, the landing page and request logging are off.
 * `routerRuntime: true` plans with Hive Router's Rust query planner (`@graphql-hive/router-runtime`'s
 * `unifiedGraphHandler`). `propagateAuthorization: true` forwards the client's Authorization header to every subgraph
 * (`propagateHeaders`), which signed-in operations such as checkout need. Env: SUPERGRAPH_PATH, SUBGRAPH_URLS (JSON), PORT.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway';

export async function serveHive(opts: { routerRuntime: boolean; propagateAuthorization?: boolean }): Promise<void> {
  const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const unifiedGraphHandler = opts.routerRuntime ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const gateway = createGatewayRuntime({
    supergraph: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
    transportEntries: Object.fromEntries(Object.entries(urls).map(([name, location]) => [name, { location }])),
    graphiql: false,
    landingPage: false,
    logging: false,
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
    ...(opts.propagateAuthorization
      ? { propagateHeaders: { fromClientToSubgraphs: ({ request }: { request: Request }) => ({ authorization: request.headers.get('authorization') }) } }
      : {}),
  } satisfies GatewayConfigSupergraph);
  const server = createServer(gateway);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT), '127.0.0.1', resolve));
  console.log('ready');
}
