import type { ApolloServerPlugin } from '@apollo/server';
import { setOperationOnSpan } from '@emporium/kit';
import { trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import Negotiator from 'negotiator';
import type { CostEstimator } from './cost-limit.ts';
import type { PlanExecutingGateway } from './executor/gateway.ts';
import type { GatewayContext } from './identity.ts';
import type { GatewayMetrics } from './metrics.ts';

/** An operation Apollo Server has parsed, validated and resolved on an earlier request. */
interface Validated {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's operationName ('' when it gave none), as the operation was resolved with it. */
  requestedName: string;
}

/** Apollo Server's media types for a single result, in its order of preference (ApolloServer.ts MEDIA_TYPES). */
const SINGLE_RESULT_TYPES = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];
/** Apollo Server's cache-control plugin marks every response of ours so: no subgraph gives a cache policy. */
const UNCACHEABLE = 'no-store';
/** Most query texts remembered, and most characters over all of them (a full table is emptied and refilled). */
const MAX_TEXTS = 2_000;
const MAX_TEXT_CHARS = 16 * 1024 * 1024;

export interface FastPathOptions {
  gateway: PlanExecutingGateway;
  /** The request's context, as Apollo Server's context function makes it (token verified, session settled). */
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<GatewayContext>;
  estimate: CostEstimator;
  maxCost: number;
  metrics: GatewayMetrics;
  tracing: boolean;
}

/**
 * Serves operations on /graphql that Apollo Server has already validated, without its request pipeline.
 *
 * Apollo Server spends, per request, a SHA-256 of the query text, a document-store lookup, a round of plugin hooks
 * and its response assembly — about a tenth of the deep benchmark query's CPU once our executor (executor/) had
 * taken the rest. The first request for a query text goes through Apollo Server as before; its plugin hook
 * (`plugin`) remembers the validated document by text and APQ hash. Later requests for it are answered here: context
 * (token, session), cost limit, plan execution, and a response with the same status, headers and bytes Apollo Server
 * would send. Anything else — a GET, an APQ registration, an unknown text, a cost over the limit, a result with
 * errors or extensions, an operation our executor leaves to @apollo/gateway's — goes through Apollo Server; a result
 * already executed here is handed over to it (`PlanExecutingGateway.handOver`) rather than executed twice, so Apollo
 * Server formats every error response itself.
 */
export class FastPath {
  private readonly byText = new Map<string, Validated[]>();
  private readonly textByHash = new Map<string, string>();
  private textChars = 0;
  private readonly contexts = new WeakMap<FastifyRequest, GatewayContext>();
  private readonly contentTypes = new Map<string, string | null>();
  /** Requests answered here, and requests executed here but answered by Apollo Server (errors). */
  readonly stats = { served: 0, handedOver: 0 };

  constructor(private readonly opts: FastPathOptions) {}

  /** The Apollo Server plugin that remembers every operation it resolves (after parsing and validation). */
  readonly plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      didResolveOperation: async ({ source, queryHash, document, operation, request, schema }) => {
        if (!operation || operation.operation === 'subscription') return;
        // By APQ hash only when the client registered it so (a hash-only request for any other text is Apollo's to refuse).
        this.remember(source, request.extensions?.persistedQuery ? queryHash : undefined, { schema, document, operation, requestedName: request.operationName ?? '' });
      },
    }),
  };

  /** The context the fast path made for a request it passed on to Apollo Server (made once per request). */
  contextOf(request: FastifyRequest): GatewayContext | undefined {
    return this.contexts.get(request);
  }

  /**
   * Answers the request (the response body) or returns undefined for Apollo Server to answer it; in that case the
   * request may carry a context and an executed result for Apollo Server to use.
   */
  async serve(request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
    if (request.method !== 'POST') return undefined;
    const body = request.body as Record<string, unknown> | null | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    let text: string | undefined;
    let byHash = false;
    if (typeof query === 'string') {
      // An APQ registration (hash and text) is for Apollo Server to check and store.
      if (extensions != null) return undefined;
      text = query;
    } else if (query == null) {
      text = this.persistedText(extensions);
      byHash = true;
    }
    if (text === undefined) return undefined;
    const validated = this.byText.get(text)?.find((v) => v.requestedName === (operationName ?? ''));
    if (!validated) return undefined;
    const contentType = this.contentType(request.headers.accept);
    if (!contentType) return undefined;

    const started = performance.now();
    let context: GatewayContext;
    try {
      context = await this.opts.context(request, reply);
    } catch {
      return undefined; // Apollo Server makes the context again and answers the refusal (401) itself
    }
    this.contexts.set(request, context);
    const { schema, document, operation } = validated;
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    try {
      if (this.opts.estimate(schema, document, operation, vars) > this.opts.maxCost) return undefined;
    } catch {
      return undefined;
    }
    let run: ReturnType<PlanExecutingGateway['runValidated']>;
    try {
      run = this.opts.gateway.runValidated(schema, document, operation, validated.requestedName, vars, context);
    } catch {
      return undefined; // planning failed before any subgraph call: Apollo Server reports it
    }
    if (!run) return undefined;
    let result: Awaited<typeof run>;
    try {
      result = await run;
    } catch (err) {
      return this.handOver(request, context, text, byHash, { error: err });
    }
    if (result.errors?.length || result.extensions || !result.data) return this.handOver(request, context, text, byHash, { result });

    this.stats.served++;
    const operationNameOut = operation.name?.value ?? null;
    if (this.opts.tracing) setOperationOnSpan(trace.getActiveSpan(), operation.operation, operationNameOut);
    void reply.header('cache-control', UNCACHEABLE).header('content-type', contentType);
    const json = `${JSON.stringify({ data: result.data })}\n`;
    this.opts.metrics.observeRequest(operationNameOut, [], true, (performance.now() - started) / 1000);
    return json;
  }

  /** Passes an executed request to Apollo Server, which answers with that outcome instead of executing again. */
  private handOver(
    request: FastifyRequest,
    context: GatewayContext,
    text: string,
    byHash: boolean,
    outcome: Parameters<PlanExecutingGateway['handOver']>[1],
  ): undefined {
    this.stats.handedOver++;
    this.opts.gateway.handOver(context, outcome);
    // Apollo Server must not answer PERSISTED_QUERY_NOT_FOUND for an operation that has run (its APQ store may have
    // let the hash expire): it gets the text too, checks it against the hash and registers it again.
    if (byHash) request.body = { ...(request.body as object), query: text };
    return undefined;
  }

  private persistedText(extensions: unknown): string | undefined {
    if (!extensions || typeof extensions !== 'object') return undefined;
    const persisted = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } }).persistedQuery;
    if (!persisted || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return undefined;
    return this.textByHash.get(persisted.sha256Hash);
  }

  private remember(text: string | undefined, hash: string | undefined, validated: Validated): void {
    if (text === undefined) return;
    let variants = this.byText.get(text);
    if (!variants) {
      if (this.byText.size >= MAX_TEXTS || this.textChars + text.length > MAX_TEXT_CHARS) {
        this.byText.clear();
        this.textByHash.clear();
        this.textChars = 0;
      }
      this.byText.set(text, (variants = []));
      this.textChars += text.length;
    }
    // The newest document for a text and name replaces an older one (Apollo Server's document store may evict it).
    const at = variants.findIndex((v) => v.requestedName === validated.requestedName);
    if (at >= 0) variants[at] = validated;
    else variants.push(validated);
    // Also for a text known already: a client that sent it in full may register it for APQ later.
    if (hash) this.textByHash.set(hash, text);
  }

  /** The content type Apollo Server would answer with for this Accept header; null: it would refuse (406). */
  private contentType(accept: string | undefined): string | null {
    if (!accept) return SINGLE_RESULT_TYPES[0]!;
    let type = this.contentTypes.get(accept);
    if (type === undefined) {
      type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null;
      if (this.contentTypes.size >= 256) this.contentTypes.clear();
      this.contentTypes.set(accept, type);
    }
    return type;
  }
}
