import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVICE_NAME, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import { getOperationAST } from 'graphql';
import { envReader } from './config/env.ts';

/** Where spans go: an OTLP/HTTP collector, the console, or nowhere (tracing off, the default). */
export type TracesExporter = 'otlp' | 'console' | 'none';

/** A started tracer provider; `stop` flushes what is buffered and unregisters it. */
export interface Tracing {
  serviceName: string;
  exporter: TracesExporter | 'custom';
  /** Exports every finished span still buffered (tests call it before reading an in-memory exporter). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Which exporter the environment asks for: `OTEL_TRACES_EXPORTER` (otlp, console, none) when set, else `otlp` when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, else `none`.
 */
export function tracesExporterFromEnv(env: Record<string, string | undefined> = process.env): TracesExporter {
  const e = envReader(env);
  if (e.bool('OTEL_SDK_DISABLED', false)) return 'none';
  const endpoint = e.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http', 'https']) ?? e.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']);
  return e.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'] as const, endpoint ? 'otlp' : 'none');
}

let current: Tracing | null = null;

/** Whether this process records spans (set by `startTracing`); instrumentation registers nothing while it is false. */
export const tracingEnabled = (): boolean => current !== null;

/**
 * Starts tracing for this process when the environment asks for it (see `tracesExporterFromEnv`) or when `exporter`
 * is given (tests). Registers a tracer provider with W3C trace-context propagation and async-context tracking; spans
 * are created by hand (no monkey-patching instrumentation). Once per process: later calls return the first handle.
 * Returns null when tracing stays off — every tracer is then @opentelemetry/api's no-op one.
 */
export function startTracing(serviceName: string, opts: { exporter?: SpanExporter; env?: Record<string, string | undefined> } = {}): Tracing | null {
  if (current) return current;
  const env = opts.env ?? process.env;
  const kind = opts.exporter ? 'custom' : tracesExporterFromEnv(env);
  if (kind === 'none') return null;
  const name = envReader(env).optional('OTEL_SERVICE_NAME') ?? serviceName;
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(kind === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: name }), spanProcessors: [processor] });
  provider.register();
  const tracing: Tracing = {
    serviceName: name,
    exporter: kind,
    flush: () => provider.forceFlush(),
    stop: async () => {
      if (current !== tracing) return;
      current = null;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  current = tracing;
  return tracing;
}

/** The tracer for one Emporium component (`emporium.gateway`, `emporium.subgraph.product`, …). */
export const tracer = (component: string): Tracer => trace.getTracer(`emporium.${component}`);

const requestSpans = new WeakMap<FastifyRequest, { span: Span; ctx: Context; ended: boolean }>();

/** The server span of a request traced by `traceRequests`, if any. */
export const requestSpan = (request: FastifyRequest): Span | undefined => requestSpans.get(request)?.span;

/**
 * Gives every request whose path ends in `/graphql` a SERVER span that continues the caller's W3C `traceparent`, is
 * the active span while the route handler runs (so spans started there are its children) and ends with the response.
 * Registers nothing when tracing is off. Call it right after creating the app, before other hooks and plugins.
 */
export function traceRequests(app: FastifyInstance, opts: { component: string; service: string }): void {
  if (!tracingEnabled()) return;
  const t = tracer(opts.component);
  app.addHook('onRequest', (request, _reply, done) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    if (!path.endsWith('/graphql')) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = t.startSpan(
      `${request.method} ${path}`,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_URL_PATH]: path, 'emporium.service': opts.service, 'emporium.request_id': String(request.id) } },
      parent,
    );
    requestSpans.set(request, { span, ctx: trace.setSpan(parent, span), ended: false });
    done();
  });
  // The body is parsed in stream callbacks that lose the async context, so the span becomes active only here; the
  // handler (and every later preHandler) runs inside this callback.
  app.addHook('preHandler', (request, _reply, done) => {
    const entry = requestSpans.get(request);
    if (!entry) return done();
    context.with(entry.ctx, done);
  });
  const end = (request: FastifyRequest, status?: number) => {
    const entry = requestSpans.get(request);
    if (!entry || entry.ended) return;
    entry.ended = true;
    if (status !== undefined) entry.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status === undefined || status >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR, message: status === undefined ? 'aborted' : `HTTP ${status}` });
    entry.span.end();
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request);
    done();
  });
}

/** Names a GraphQL server span after its operation (`query ProductPage`) and records the operation name and type. */
export function setOperationOnSpan(span: Span | undefined, type: string | undefined, name: string | null | undefined): void {
  if (!span?.isRecording() || !type) return;
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
  span.updateName(name ? `${type} ${name}` : type);
}

/** `setOperationOnSpan` for a parsed document (picks the operation `operationName` selects). */
export function setDocumentOnSpan(span: Span | undefined, document: DocumentNode, operationName?: string | null): void {
  if (!span?.isRecording()) return;
  const op = getOperationAST(document, operationName ?? undefined);
  if (op) setOperationOnSpan(span, op.operation, op.name?.value ?? operationName);
}
