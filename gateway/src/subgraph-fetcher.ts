import { STATUS_CODES } from 'node:http';
import { Agent, errors as undiciErrors } from 'undici';

/** What @apollo/gateway's RemoteGraphQLDataSource reads from a fetch response. */
export interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

const single = (value: string | string[] | undefined) => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);

/**
 * A fetch-compatible subgraph client on undici's `request` (the same keep-alive connection pool as Node's fetch
 * without the WHATWG Request/Response/stream machinery, which costs more CPU than the subgraph call itself when the
 * gateway is busy). `timeoutMs(body)` bounds the wait for the answer's headers and any pause in its body; a timeout
 * rejects with a `TimeoutError`, like `AbortSignal.timeout` does for fetch.
 */
export function createSubgraphFetcher(timeoutMs: (body: string) => number) {
  return async (url: string, init: { headers?: Record<string, string>; body?: string }): Promise<SubgraphResponse> => {
    const body = init.body ?? '';
    const res = await postJson(url, init.headers ?? {}, body, timeoutMs(body));
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      statusText: STATUS_CODES[res.status] ?? '',
      url,
      headers: { get: (name) => single(res.headers[name.toLowerCase()]) },
      text: async () => res.text,
      json: async () => JSON.parse(res.text) as unknown,
    };
  };
}

/**
 * Posts a JSON body and reads the whole answer as text (the plan executor's client: no Response object).
 * `timeoutMs` bounds the wait for the headers and any pause in the body; a timeout rejects with a `TimeoutError`.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  try {
    const { origin, path } = target(url);
    const res = await dispatcher.request({ origin, path, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  } catch (err) {
    throw asTimeout(err);
  }
}

const targets = new Map<string, { origin: string; path: string }>();
/** A subgraph URL's origin and path, parsed once per URL. */
function target(url: string): { origin: string; path: string } {
  let t = targets.get(url);
  if (!t) {
    const parsed = new URL(url);
    targets.set(url, (t = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }));
  }
  return t;
}

/** One keep-alive pool for all subgraph calls of the process (idle sockets do not keep the process alive). */
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

function asTimeout(err: unknown): unknown {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    const timeout = new Error('The subgraph did not answer in time.', { cause: err });
    timeout.name = 'TimeoutError';
    return timeout;
  }
  return err;
}
