import { ErrorCode } from '@emporium/kit';
import {
  GraphQLError,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { graphqlCjs } from './graphql-cjs.ts';
import type { GatewayContext } from './identity.ts';

const { getNamedType, isCompositeType, TypeInfo, visit, visitWithTypeInfo } = graphqlCjs;

/** The API key scope each subgraph's fields need (the user subgraph defines the scopes). */
export const scopeOfSubgraph: Readonly<Record<string, string>> = {
  product: 'CATALOG_READ',
  pricing: 'PRICES_READ',
  inventory: 'INVENTORY_READ',
  deal: 'DEALS_READ',
  recommendation: 'RECOMMENDATIONS_READ',
  order: 'ORDERS_READ',
};

const argString = (d: ConstDirectiveNode, name: string) => {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v?.kind === Kind.STRING || v?.kind === Kind.ENUM ? v.value : undefined;
};

/**
 * `Type.field` → the scope it needs, read from a supergraph's join directives: a field resolved by exactly one
 * subgraph needs that subgraph's scope; fields several subgraphs resolve (keys, shareable value types like Money)
 * need none of their own.
 */
export function fieldScopes(supergraphSdl: string): Map<string, string> {
  const doc = parse(supergraphSdl, { noLocation: true });
  const graphs = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
      for (const v of def.values ?? []) {
        const name = v.directives?.find((d) => d.name.value === 'join__graph');
        if (name) graphs.set(v.name.value, argString(name, 'name') ?? '');
      }
    }
  }
  const scopes = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = (def.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => argString(d, 'graph'));
    for (const field of def.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const owners = joins.length
        ? joins.filter((d) => !d.arguments?.some((a) => a.name.value === 'external' && a.value.kind === Kind.BOOLEAN && a.value.value)).map((d) => argString(d, 'graph'))
        : typeGraphs;
      const distinct = [...new Set(owners)];
      const scope = distinct.length === 1 && distinct[0] ? scopeOfSubgraph[graphs.get(distinct[0]) ?? ''] : undefined;
      if (scope) scopes.set(`${def.name.value}.${field.name.value}`, scope);
    }
  }
  return scopes;
}

/** The scopes an operation needs, each with the first field that needs it. */
export function requiredScopes(schema: GraphQLSchema, document: DocumentNode, scopes: Map<string, string>): Map<string, string> {
  const needed = new Map<string, string>();
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (!parent || !isCompositeType(getNamedType(parent))) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const scope = scopes.get(coordinate);
        if (scope && !needed.has(scope)) needed.set(scope, coordinate);
      },
    }),
  );
  return needed;
}

/** A check that throws FORBIDDEN (HTTP 403) when an operation reads fields the caller's API key has no scope for. */
export function scopeChecker(supergraphSdl: string) {
  const scopes = fieldScopes(supergraphSdl);
  return (schema: GraphQLSchema, document: DocumentNode, context: GatewayContext): void => {
    const granted = new Set(context.partner?.scopes ?? []);
    for (const [scope, coordinate] of requiredScopes(schema, document, scopes)) {
      if (!granted.has(scope)) {
        throw new GraphQLError(`This API key lacks the ${scope} scope, which ${coordinate} needs.`, {
          extensions: { code: ErrorCode.FORBIDDEN, scope, http: { status: 403 } },
        });
      }
    }
  };
}
