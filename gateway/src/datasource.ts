import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Headers, tracer, type Logger } from '@emporium/kit';
import { context as otelContext, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { STATUS_CODES } from 'node:http';
import { CircuitBreaker } from './circuit-breaker.ts';
import { dedupeRepresentations, fanOutEntities } from './dedupe.ts';
import { createSubgraphFetcher, postJson } from './subgraph-fetcher.ts';
import type { GatewayContext } from './identity.ts';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  serviceToken: () => Promise<string>;
  timeoutMs: number;
  /**
   * Timeout for mutations (default: `timeoutMs`). Commands such as checkout call other services and a payment
   * provider; cutting them early only makes the client retry what is still running.
   */
  mutationTimeoutMs?: number;
  logger: Logger;
  breaker?: CircuitBreaker;
  /** Called once per subgraph request with its duration in seconds and whether it succeeded. */
  observe?: (subgraph: string, seconds: number, ok: boolean) => void;
}

/** A subgraph call that failed in transport (unreachable, timed out, non-GraphQL answer), as clients see it. */
export function downstreamError(service: string, reason: 'unavailable' | 'timeout' | 'failed'): GraphQLError {
  const message = {
    unavailable: `The ${service} service is unavailable.`,
    timeout: `The ${service} service did not answer in time.`,
    failed: `The ${service} service failed.`,
  }[reason];
  return new GraphQLError(message, { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: service } });
}

const isConnectionError = (err: unknown) => {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  return cause === 'ECONNREFUSED' || cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET' || cause === 'EPIPE';
};
/** Whether an operation text is a mutation (the planner writes subgraph operations with their keyword first). */
const isMutationText = (query: string) => /^\s*mutation\b/.test(query);
/**
 * Whether a subgraph request body (`{"query":"…", …}`) carries a mutation: looks at the query's first characters only,
 * never through the (possibly large) variables.
 */
function isMutationBody(body: string): boolean {
  const at = body.indexOf('"query":"');
  return at >= 0 && isMutationText(body.slice(at + 9, at + 40));
}
const isTimeout = (err: unknown) => (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
const httpStatus = (err: unknown) => (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;

type ProcessResult = ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>;

const gatewayTracer = tracer('gateway');
/** Ends a subgraph-fetch span; with `error`, marks it failed and returns the error for the caller to throw. */
function endFetchSpan<E extends GraphQLError | undefined>(span: Span, attempts: number, error?: E): E {
  span.setAttribute('emporium.subgraph.attempts', attempts);
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.end();
  return error as E;
}

/**
 * Sends subgraph requests over keep-alive connections (undici, subgraph-fetcher.ts) with exactly the identity headers
 * Emporium defines: the verified user token, the gateway's own service token (which vouches for the session id and
 * client address), and the request id — no header from the client passes through. Transport failures become
 * DOWNSTREAM_SERVICE_ERROR with the service name (the URL and cause go to the log only); a circuit breaker fails fast
 * while the subgraph is down; queries, never mutations, get one retry after a connection error.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly breaker: CircuitBreaker;

  constructor(private readonly opts: SubgraphDataSourceOptions) {
    super({
      url: opts.url,
      fetcher: createSubgraphFetcher((body) => (opts.mutationTimeoutMs && isMutationBody(body) ? opts.mutationTimeoutMs : opts.timeoutMs)) as never,
    });
    this.breaker = opts.breaker ?? new CircuitBreaker();
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (headers) await this.identityHeaders(context, (key, value) => headers.set(key, value));
  }

  /** The headers every subgraph request carries (see the class comment). */
  private async identityHeaders(context: Partial<GatewayContext>, set: (key: string, value: string) => void): Promise<void> {
    set(Headers.service, await this.opts.serviceToken());
    if ('requestId' in context && context.requestId) {
      if (context.accessToken) set(Headers.authorization, `Bearer ${context.accessToken}`);
      if (context.sessionId) set(Headers.session, context.sessionId);
      set(Headers.clientIp, context.clientIp ?? '');
      set(Headers.requestId, context.requestId);
    }
    // W3C traceparent of the subgraph-fetch span (made active around the call); the no-op propagator when tracing is off.
    propagation.inject(otelContext.active(), {}, { set: (_carrier, key, value) => set(key, value) });
  }

  /**
   * The plan executor's path (executor/): posts a prepared JSON body and returns the parsed answer, with the same
   * headers, timeouts, circuit breaker, retry, metrics and span as `process`, without RemoteGraphQLDataSource's
   * request objects. A non-2xx answer or a body that is not a JSON object is a failure of the subgraph.
   */
  async post(body: string, isMutation: boolean, context: GatewayContext): Promise<Record<string, unknown>> {
    return this.guarded(!isMutation, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      await this.identityHeaders(context, (key, value) => (headers[key] = value));
      const answer = await postJson(this.opts.url, headers, body, isMutation && this.opts.mutationTimeoutMs ? this.opts.mutationTimeoutMs : this.opts.timeoutMs);
      if (answer.status < 200 || answer.status >= 300) {
        throw Object.assign(new Error(`${answer.status}: ${STATUS_CODES[answer.status] ?? ''}`), { extensions: { response: { status: answer.status } } });
      }
      const parsed = JSON.parse(answer.text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Expected a JSON object from the subgraph.');
      return parsed as Record<string, unknown>;
    });
  }

  /**
   * Sends each distinct entity representation once (the query planner repeats an entity for every place it occurs,
   * e.g. the same merchant under many deals) and fans the answer — data and per-entity errors — back out to every
   * original position, so the gateway sees exactly what the full request would have returned (dedupe.ts).
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const representations = options.request.variables?.representations;
    const dedupe = Array.isArray(representations) ? dedupeRepresentations(representations) : null;
    if (!dedupe) return this.send(options);
    const request = { ...options.request, variables: { ...options.request.variables, representations: dedupe.unique } };
    return fanOutEntities(await this.send({ ...options, request }), dedupe);
  }

  private send(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    return this.guarded(!isMutationText(options.request.query ?? ''), () => super.process(options), options.request.operationName);
  }

  /** Runs one subgraph call inside its span, behind the circuit breaker, with one retry for queries after a dropped connection. */
  private async guarded<T>(isQuery: boolean, call: () => Promise<T>, operationName?: string): Promise<T> {
    const span = gatewayTracer.startSpan(`subgraph ${this.opts.name}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'emporium.subgraph': this.opts.name, 'url.full': this.opts.url, 'graphql.operation.name': operationName ?? '' },
    });
    const spanContext = trace.setSpan(otelContext.active(), span);
    if (!this.breaker.tryAcquire()) throw endFetchSpan(span, 0, downstreamError(this.opts.name, 'unavailable'));
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const response = await otelContext.with(spanContext, call);
        this.breaker.success();
        this.opts.observe?.(this.opts.name, (performance.now() - started) / 1000, true);
        endFetchSpan(span, attempt);
        return response;
      } catch (err) {
        this.opts.observe?.(this.opts.name, (performance.now() - started) / 1000, false);
        const retry = isQuery && attempt === 1 && isConnectionError(err);
        this.opts.logger.warn({ service: this.opts.name, url: this.opts.url, attempt, err }, 'subgraph request failed');
        if (retry) continue;
        // Unreachable, slow or 5xx means the subgraph is unwell; a 4xx is a bad request, not an outage.
        const status = httpStatus(err);
        if (status !== undefined && status < 500) this.breaker.success();
        else this.breaker.failure();
        throw endFetchSpan(span, attempt, downstreamError(this.opts.name, isTimeout(err) ? 'timeout' : isConnectionError(err) ? 'unavailable' : 'failed'));
      }
    }
  }
}
