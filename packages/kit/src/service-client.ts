import { Headers } from './auth/identity.ts';
import { subgraphUrl } from './config/registry.ts';
import { AppError, ErrorCode, downstream } from './errors.ts';

/** A GraphQL error as another subgraph returned it. */
export interface RemoteError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export interface ServiceClientOptions {
  /** The calling service's name, as signed into its service token. */
  service: string;
  /** Returns a valid service token (see `serviceTokenSource`). */
  token: () => Promise<string>;
  /** The GraphQL URL of a subgraph (default: `<NAME>_URL` or localhost on its registry port). */
  urlOf?: (subgraph: string) => string;
  timeoutMs?: number;
}

/**
 * Calls another subgraph's `/graphql` directly with a service token, for commands the supergraph hides
 * (`@inaccessible`): reserve stock, sign a quote, redeem a promo code. Transport failures and non-GraphQL answers
 * become DOWNSTREAM_SERVICE_ERROR; errors the remote returns keep their code (BAD_USER_INPUT stays BAD_USER_INPUT).
 */
export function createServiceClient(opts: ServiceClientOptions) {
  const urlOf = opts.urlOf ?? ((s: string) => subgraphUrl(s));
  return {
    async request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(
      subgraph: string,
      query: string,
      variables?: TVars,
      extra: { requestId?: string } = {},
    ): Promise<TData> {
      let res: Response;
      try {
        res = await fetch(urlOf(subgraph), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [Headers.service]: await opts.token(),
            ...(extra.requestId ? { [Headers.requestId]: extra.requestId } : {}),
          },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
        });
      } catch (err) {
        const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'is unreachable';
        throw downstream(subgraph, `The ${subgraph} service ${reason}.`);
      }
      let body: { data?: TData | null; errors?: RemoteError[] };
      try {
        body = (await res.json()) as typeof body;
      } catch {
        throw downstream(subgraph, `The ${subgraph} service answered ${res.status} without a GraphQL response.`);
      }
      const first = body.errors?.[0];
      if (first) {
        const code = first.extensions?.code;
        const known = typeof code === 'string' && (Object.values(ErrorCode) as string[]).includes(code);
        throw new AppError(known ? (code as ErrorCode) : ErrorCode.DOWNSTREAM_SERVICE_ERROR, first.message, {
          serviceName: subgraph,
        });
      }
      if (body.data == null) throw downstream(subgraph, `The ${subgraph} service returned no data.`);
      return body.data;
    },
  };
}
export type ServiceClient = ReturnType<typeof createServiceClient>;
