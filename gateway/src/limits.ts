import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';

/** Limits checked before execution, so an abusive operation never reaches a subgraph. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  maxDirectives: number;
  /** Hide "Did you mean …?" suggestions in validation errors (public endpoint). */
  hideSuggestions: boolean;
}

/** Limits of the full API (/graphql): generous for our own frontends, still bounded. */
export const defaultLimits: OperationLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 5000,
  maxDirectives: 50,
  hideSuggestions: false,
};

/** Refuses operations selecting more than `max` fields at their root (fragments spread at the root count too). */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const seen = new Set<string>();
      let count = 0;
      const visit = (selections: readonly import('graphql').SelectionNode[]) => {
        for (const s of selections) {
          if (s.kind === Kind.FIELD) count++;
          else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet.selections);
          else if (!seen.has(s.name.value)) {
            seen.add(s.name.value);
            const fragment = context.getFragment(s.name.value);
            if (fragment) visit(fragment.selectionSet.selections);
          }
        }
      };
      visit(node.selectionSet.selections);
      if (count > max) {
        context.reportError(new GraphQLError(`Operations may select at most ${max} root fields, this one selects ${count}.`, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      }
    },
  });
}

/**
 * Refuses operations of a type the schema has no root for (the public contract has no mutations); graphql-js 16
 * leaves that to execution, where the query planner would answer 500.
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    }
  },
});

/**
 * Refuses a request whose operation cannot be picked from its document (several operations and no or an unknown
 * `operationName`) with graphql-js's own messages, 400 OPERATION_RESOLUTION_FAILURE: Apollo Server would hand it to the
 * gateway's executor, which has no operation to plan and fails with a 500.
 */
export const operationResolutionPlugin: ApolloServerPlugin<object> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message = request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide operation name if query contains multiple operations.';
        throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
      },
    };
  },
};

/**
 * Apollo Server options enforcing the limits with GraphQL Armor (depth, aliases, directives, suggestion
 * blocking; its generic cost limit is off — the partner endpoint gets a field-aware one), a root-field rule and the
 * parser's token limit.
 */
export function limitOptions<TContext extends object>(limits: OperationLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    // Tokens are limited by graphql-js's own parser (parseOptions below): a parse error is a clean 400, while the
    // armor plugin throws from a hook and Apollo answers 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideSuggestions },
  });
  const protection = armor.protect();
  return {
    // Armor is typed against Apollo Server's CommonJS declarations; the plugins are context-agnostic.
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<TContext>[]), operationResolutionPlugin as ApolloServerPlugin<TContext>],
    validationRules: [...protection.validationRules, maxRootFieldsRule(limits.maxRootFields), knownOperationTypeRule],
    allowBatchedHttpRequests: false as const,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
