import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, FragmentDefinitionNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { graphqlCjs } from '../graphql-cjs.ts';
import { executePlan, isExecutable, type SendToSubgraph } from './execute-plan.ts';
import { isShapeable, prepareShape, shapeResponse, type PreparedShape } from './shape.ts';

// graphql-js as @apollo/gateway loads it (graphql-cjs.ts): the schema, types and errors it builds are of that instance.
const { GraphQLError: CjsGraphQLError, Kind, getVariableValues } = graphqlCjs;

type Executor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;
type RequestContext = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;

/** What `runValidated` produced for a request that Apollo Server answers: a result, or what the executor threw. */
export type HandedOver = { result: ExecutionResult } | { error: unknown };
const EXECUTED = Symbol('emporium.executed');

/** An operation prepared once: its query plan and, when our executor runs it, its result shape. */
export interface Prepared {
  /** Null when the operation is left to @apollo/gateway before planning (introspection, @skip/@include, @defer). */
  plan: QueryPlan | null;
  /** Null: left to @apollo/gateway's executor (introspection, @skip/@include, @defer, plans with data rewrites). */
  shape: PreparedShape | null;
}

/**
 * Serves the supergraph through @apollo/gateway's query planner and composition, but executes plans and shapes
 * results itself (execute-plan.ts, shape.ts), with the same responses — data, nulls, errors and their order — as
 * @apollo/gateway's executor, which still runs what ours does not cover. The plan and result shape are prepared
 * once per parsed document (Apollo Server reuses the parsed document of a query text), where @apollo/gateway hashes
 * the query, rebuilds an Operation from the document and walks it again on every request.
 *
 * Why: on the deep benchmark query @apollo/gateway's per-request Operation building and result shaping, not the
 * subgraph calls, were most of the gateway's CPU time (bench/RESULTS.md).
 */
export class PlanExecutingGateway {
  private readonly runner: OperationRunner;
  private fallback: Executor | null = null;

  constructor(
    private readonly inner: ApolloGateway,
    supergraphSdl: string,
    /** Sends a prepared request body to a subgraph on behalf of the request whose context is given. */
    private readonly send: (context: RequestContext['context']) => SendToSubgraph,
  ) {
    this.runner = new OperationRunner(supergraphSdl);
  }

  onSchemaLoadOrUpdate(...args: Parameters<ApolloGateway['onSchemaLoadOrUpdate']>): ReturnType<ApolloGateway['onSchemaLoadOrUpdate']> {
    return this.inner.onSchemaLoadOrUpdate(...args);
  }

  async load(...args: Parameters<ApolloGateway['load']>): ReturnType<ApolloGateway['load']> {
    const loaded = await this.inner.load(...args);
    this.fallback = loaded.executor;
    return { ...loaded, executor: this.execute };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  /**
   * Runs an operation Apollo Server has parsed and validated (now, or before: the fast path): null, before any
   * subgraph is called, when our executor does not run it.
   */
  runValidated(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string,
    variables: Record<string, unknown> | undefined,
    context: RequestContext['context'],
  ): Promise<ExecutionResult> | null {
    const prepared = this.runner.prepare(schema, document, operation, operationName);
    if (!prepared.shape) return null;
    return this.runner.run(schema, operation, prepared, variables, this.send(context));
  }

  /**
   * Hands a result `runValidated` produced to Apollo Server's pipeline for the request with this context: its
   * executor call answers with it instead of executing again (so errors are formatted by Apollo Server itself).
   */
  handOver(context: object, outcome: HandedOver): void {
    // On the context object itself: Apollo Server passes the executor a shallow copy of it, own symbols included.
    (context as { [EXECUTED]?: HandedOver })[EXECUTED] = outcome;
  }

  private readonly execute = async (requestContext: RequestContext): Promise<ExecutionResult> => {
    const executed = (requestContext.context as { [EXECUTED]?: HandedOver })[EXECUTED];
    if (executed) {
      delete (requestContext.context as { [EXECUTED]?: HandedOver })[EXECUTED];
      if ('error' in executed) throw executed.error;
      return executed.result;
    }
    const { document, operation, request, schema } = requestContext as RequestContext & { document: DocumentNode; operation: OperationDefinitionNode };
    return this.runValidated(schema, document, operation, request.operationName ?? '', request.variables, requestContext.context) ?? this.fallback!(requestContext);
  };
}

/**
 * Plans, prepares and runs operations on one supergraph — the gateway's executor without Apollo Server (which the
 * gateway adds around it; the benchmarks use it alone to measure the executor's CPU time per request).
 */
export class OperationRunner {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: ReturnType<Supergraph['apiSchema']>;
  private readonly prepared = new WeakMap<DocumentNode, Map<string, Prepared>>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** The API schema as graphql-js builds it (what Apollo Server validates against), for use without a server. */
  graphqlSchema(): GraphQLSchema {
    return this.apiSchema.toGraphQLJSSchema();
  }

  /** The operation's plan and result shape, prepared once per parsed document and operation name. */
  prepare(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, operationName: string): Prepared {
    let byName = this.prepared.get(document);
    if (!byName) this.prepared.set(document, (byName = new Map()));
    let prepared = byName.get(operationName);
    if (!prepared) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      // What our executor does not cover is not planned here: @apollo/gateway plans (and caches) it itself.
      const plan = operation.operation !== 'subscription' && isShapeable(operation, fragments) ? this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName: operationName || undefined })) : null;
      prepared = { plan, shape: plan && isExecutable(plan.node) ? prepareShape(schema, operation, fragments) : null };
      byName.set(operationName, prepared);
    }
    return prepared;
  }

  /** Runs a prepared operation (`prepared.shape` set): variables checked, plan executed, result shaped. */
  async run(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    prepared: Prepared,
    variables: Record<string, unknown> | undefined,
    send: SendToSubgraph,
  ): Promise<ExecutionResult> {
    if (!prepared.shape || !prepared.plan) throw new Error('This operation is left to @apollo/gateway’s executor.');
    if (operation.variableDefinitions?.length) {
      const { errors } = getVariableValues(schema, operation.variableDefinitions, variables ?? {});
      if (errors) return { errors };
    }
    const fetched = await executePlan(schema, prepared.plan.node, variables, send);
    let shaped;
    try {
      shaped = shapeResponse(schema, prepared.shape, fetched.data);
    } catch (err) {
      return { errors: [err instanceof CjsGraphQLError ? err : new CjsGraphQLError((err as Error).message, { originalError: err as Error })] };
    }
    // As @apollo/gateway: post-processing errors are reported (under `valueCompletion`) only when fetching raised none.
    if (fetched.errors.length === 0) return shaped.errors.length > 0 ? { extensions: { valueCompletion: shaped.errors }, data: shaped.data } : { data: shaped.data };
    return { errors: fetched.errors as GraphQLError[], data: shaped.data };
  }
}

/** What the plan executor needs of a subgraph data source (SubgraphDataSource.post). */
export interface PostingDataSource {
  post(body: string, isMutation: boolean, context: never): Promise<Record<string, unknown>>;
}

/**
 * A gateway on `supergraphSdl` whose data sources come from `buildService` (called once per subgraph when the
 * gateway loads): @apollo/gateway plans, our executor executes, with @apollo/gateway's executor as the fallback
 * (`executor: 'apollo'`: @apollo/gateway alone).
 */
export function createPlanExecutingGateway(
  supergraphSdl: string,
  buildService: (definition: { name: string; url?: string }) => PostingDataSource & GraphQLDataSource,
  executor: 'emporium' | 'apollo' = 'emporium',
): PlanExecutingGateway | ApolloGateway {
  const sources = new Map<string, PostingDataSource>();
  const inner = new ApolloGateway({
    supergraphSdl,
    buildService: (definition) => {
      const source = buildService(definition);
      sources.set(definition.name, source);
      return source;
    },
  });
  if (executor === 'apollo') return inner;
  return new PlanExecutingGateway(inner, supergraphSdl, (context) => (serviceName, body, isMutation) => {
    const source = sources.get(serviceName);
    if (!source) return Promise.reject(new Error(`Couldn't find service with name "${serviceName}"`));
    return source.post(body, isMutation, context as never);
  });
}
