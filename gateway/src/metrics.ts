import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Most distinct operation names labelled before the rest are counted as "other" (bounded label cardinality). */
const MAX_OPERATION_NAMES = 200;

/**
 * Prometheus metrics of one gateway: requests and latency per operation, subgraph calls and latency per subgraph,
 * errors by code, plus Node's process metrics. Served at `/metrics` in the text exposition format.
 */
export function createGatewayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'emporium_gateway_' });
  const requests = new Counter({
    name: 'emporium_gateway_requests_total',
    help: 'GraphQL operations handled, by operation name and outcome (ok, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'emporium_gateway_request_duration_seconds',
    help: 'Time from receiving an operation to sending its response, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'emporium_gateway_errors_total',
    help: 'Errors returned to clients, by extensions.code and the subgraph that caused them (if any).',
    labelNames: ['code', 'service'] as const,
    registers: [registry],
  });
  const subgraphDuration = new Histogram({
    name: 'emporium_gateway_subgraph_request_duration_seconds',
    help: 'Subgraph request latency, by subgraph and outcome (ok, error).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [registry],
  });
  const names = new Set<string>();
  const label = (name: string | null | undefined) => {
    const n = name || 'anonymous';
    if (names.has(n)) return n;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(n);
    return n;
  };

  /** Records one answered operation: its errors by code and subgraph, its outcome and its duration. */
  const observeRequest = (operationName: string | null | undefined, out: readonly unknown[], hasData: boolean, seconds: number) => {
    const operation = label(operationName);
    for (const e of out) {
      const ext = (e as { extensions?: { code?: unknown; serviceName?: unknown } }).extensions ?? {};
      errors.inc({ code: String(ext.code ?? 'UNKNOWN'), service: typeof ext.serviceName === 'string' ? ext.serviceName : '' });
    }
    const outcome = out.length === 0 ? 'ok' : hasData ? 'partial' : 'error';
    requests.inc({ operation, outcome });
    duration.observe({ operation }, seconds);
  };

  const plugin: ApolloServerPlugin<object> = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, response, errors: requestErrors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          observeRequest(operationName, body?.errors ?? requestErrors ?? [], Boolean(body?.data), (performance.now() - started) / 1000);
        },
      };
    },
  };

  return {
    registry,
    plugin,
    /** Records an operation answered without Apollo Server (the fast path); the plugin records the others. */
    observeRequest,
    /** Records one subgraph call. */
    observeSubgraph(subgraph: string, seconds: number, ok: boolean) {
      subgraphDuration.observe({ subgraph, outcome: ok ? 'ok' : 'error' }, seconds);
    },
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
