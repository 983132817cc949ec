/**
 * Stock @apollo/gateway as in stock.ts, with ONE deviation from the defaults: each subgraph request carries the
 * client's Authorization header (`RemoteGraphQLDataSource.willSendRequest`), which signed-in operations such as
 * checkout need — every subgraph verifies the user's token itself. Env: SUPERGRAPH_PATH, SUBGRAPH_URLS (JSON), PORT.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

class ForwardAuthorization extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
  buildService: ({ name, url }) => new ForwardAuthorization({ url: urls[name] ?? url }),
});
const server = new ApolloServer<Context>({ gateway });
await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(process.env.PORT) },
  context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
});
console.log('ready');
