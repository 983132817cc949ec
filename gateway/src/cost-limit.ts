import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '@emporium/kit';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { defaultCostModel, operationCost, type CostModel } from './cost.ts';
import { GatewayErrorCode } from './errors.ts';

/** What a per-key cost budget said about one operation. */
export interface BudgetDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the budget allows this operation again (0 when allowed). */
  retryAfterSeconds: number;
}

export interface CostLimitOptions<TContext> {
  /** Most an operation may cost (checked before any subgraph call). */
  maxCost: number;
  model?: CostModel;
  /** Estimates costs (default: `costEstimator(model)`); shared with the fast path, which checks the same limit. */
  estimate?: CostEstimator;
  /** Put `extensions.cost` on every response (the partner endpoint; errors always carry their cost). */
  report?: boolean;
  /** Runs after the per-operation check and before charging; throws to refuse (e.g. a missing API key scope). */
  authorize?: (schema: GraphQLSchema, document: DocumentNode, context: TContext) => void;
  /** Charges the cost to the caller's budget (partners: per key and minute); null when the caller has none. */
  charge?: (context: TContext, cost: number) => Promise<BudgetDecision | null>;
}

/**
 * Static cost analysis as an Apollo Server plugin: after validation, the operation's estimated cost (see cost.ts)
 * must not exceed `maxCost` (COST_LIMIT_EXCEEDED, HTTP 400) and must fit the caller's budget (RATE_LIMITED, HTTP 429
 * with Retry-After); `authorize` runs in between. All refusals happen before execution, so no subgraph is called. With
 * `report`, responses carry `extensions.cost` = { requested, maximum } plus the budget's { limit, remaining }.
 */
export function costLimitPlugin<TContext extends object>(opts: CostLimitOptions<TContext>): ApolloServerPlugin<TContext> {
  const estimate = opts.estimate ?? costEstimator(opts.model);
  return {
    async requestDidStart() {
      let report: Record<string, unknown> | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = estimate(schema, document, operation, request.variables);
          report = { requested: cost, maximum: opts.maxCost };
          if (cost > opts.maxCost) {
            throw new GraphQLError(`This operation's estimated cost is ${cost}; the most an operation may cost here is ${opts.maxCost}. Ask for fewer items (first/limit) or fewer nested lists.`, {
              extensions: { code: GatewayErrorCode.COST_LIMIT_EXCEEDED, cost, maxCost: opts.maxCost, http: { status: 400 } },
            });
          }
          opts.authorize?.(schema, document, contextValue);
          const budget = opts.charge ? await opts.charge(contextValue, cost) : null;
          if (!budget) return;
          report.budget = { limit: budget.limit, remaining: budget.remaining };
          if (!budget.allowed) {
            throw new GraphQLError(`This operation's estimated cost is ${cost}, more than is left of this API key's budget of ${budget.limit} per minute; retry in ${budget.retryAfterSeconds} s.`, {
              extensions: {
                code: ErrorCode.RATE_LIMITED,
                limit: 'cost',
                cost,
                retryAfterSeconds: budget.retryAfterSeconds,
                http: { status: 429, headers: new HeaderMap([['retry-after', String(budget.retryAfterSeconds)]]) },
              },
            });
          }
        },
        async willSendResponse({ response }) {
          if (!opts.report || !report || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: report };
        },
      };
    },
  };
}

/** An operation's estimated cost (cost.ts) with these variables. */
export type CostEstimator = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined) => number;

/** Estimates costs with `model`, remembering them per parsed operation and variables (CostCache). */
export function costEstimator(model: CostModel = defaultCostModel): CostEstimator {
  const costs = new CostCache();
  return (schema, document, operation, variables) => costs.get(operation, variables, () => operationCost(schema, document, operation, variables, model));
}

/**
 * Operation costs remembered per parsed operation (Apollo Server reuses the parsed document of a query text) and
 * variables (short ones only: a cost depends on list sizes given as variables), so a repeated operation is not walked
 * again on every request.
 */
class CostCache {
  private readonly byOperation = new WeakMap<object, Map<string, number>>();

  get(operation: object, variables: Record<string, unknown> | undefined, compute: () => number): number {
    const key = variables ? JSON.stringify(variables) : '';
    if (key.length > 512) return compute();
    let costs = this.byOperation.get(operation);
    if (!costs) this.byOperation.set(operation, (costs = new Map()));
    let cost = costs.get(key);
    if (cost === undefined) {
      cost = compute();
      if (costs.size >= 256) costs.clear();
      costs.set(key, cost);
    }
    return cost;
  }
}
