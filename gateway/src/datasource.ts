import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Headers } from '@emporium/kit';
import type { GatewayContext } from './identity.ts';

/**
 * Sends subgraph requests over keep-alive connections (Node's fetch/undici) with exactly the identity headers
 * Emporium defines: the verified user token, the gateway's own service token (which vouches for the session id and
 * client address), and the request id. No header from the client is passed through.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly opts: { name: string; url: string; serviceToken: () => Promise<string>; timeoutMs: number },
  ) {
    super({
      url: opts.url,
      fetcher: (input, init) => fetch(input as string, { ...(init as RequestInit), signal: AbortSignal.timeout(opts.timeoutMs) }) as never,
    });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set(Headers.service, await this.opts.serviceToken());
    if ('sessionId' in context && context.sessionId) {
      if (context.accessToken) headers.set(Headers.authorization, `Bearer ${context.accessToken}`);
      headers.set(Headers.session, context.sessionId);
      headers.set(Headers.clientIp, context.clientIp);
      headers.set(Headers.requestId, context.requestId);
    }
  }
}
