import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { graphqlCjs } from './graphql-cjs.ts';

const { getArgumentValues, getNamedType, getNullableType, isCompositeType, isListType, isObjectType, isInterfaceType } = graphqlCjs;

/**
 * How an operation's cost is estimated before execution (static analysis of the document against the schema):
 *
 *   cost(selection set) = Σ over fields: fieldCost + size × cost(field's selection set)
 *
 * - `fieldCost` is `fieldCosts[Type.field]`, else 1 for a field returning an object and 0 for a scalar or enum;
 * - `size` is 1 for a single object; for a list it is the value of its slicing argument (`first`/`limit`, from the
 *   document, the variables or the argument's default), else `listSizes[Type.field]`, else `defaultListSize`;
 * - a connection (an object field with a slicing argument) passes its size on to its `edges`/`nodes` list;
 * - fragments are expanded where they are spread; introspection fields (`__schema`, `__type`, `__typename`) cost 0.
 */
export interface CostModel {
  objectFieldCost: number;
  scalarFieldCost: number;
  fieldCosts: Readonly<Record<string, number>>;
  slicingArguments: readonly string[];
  sizedFields: readonly string[];
  defaultListSize: number;
  listSizes: Readonly<Record<string, number>>;
}

/** Emporium's cost model (the numbers are documented in docs/partners.md). */
export const defaultCostModel: CostModel = {
  objectFieldCost: 1,
  scalarFieldCost: 0,
  fieldCosts: {
    // Full-text search with facets and highlights: the most expensive reads.
    'Query.searchProducts': 10,
    'Category.products': 10,
    'ProductSearchConnection.facets': 5,
    'Query.suggest': 5,
    'Query.deals': 5,
    // Ensemble scoring over co-purchase neighbours.
    'Product.recommendations': 3,
    'Product.similar': 3,
    'Query.trendingProducts': 3,
    // Entity fields of another subgraph: one more (batched) subgraph request per page.
    'Product.price': 2,
    'Product.availability': 2,
    'Product.deals': 2,
  },
  slicingArguments: ['first', 'limit'],
  sizedFields: ['edges', 'nodes'],
  defaultListSize: 10,
  listSizes: {
    'SearchFacets.categories': 50,
    'SearchFacets.brands': 50,
    'DealFacets.merchants': 50,
    'Query.categories': 20,
  },
};

/** The estimated cost of the operation to run, or 0 when the document has no such operation. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  model: CostModel = defaultCostModel,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const vars = variables ?? {};

  const sliceSize = (field: GraphQLField<unknown, unknown>, node: import('graphql').FieldNode): number | undefined => {
    if (!field.args.some((a) => model.slicingArguments.includes(a.name))) return undefined;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, vars);
    } catch {
      values = {}; // an invalid variable fails at execution anyway; fall back to the default size
    }
    for (const name of model.slicingArguments) {
      const v = values[name];
      if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, Math.floor(v));
    }
    return undefined;
  };

  const walk = (parent: GraphQLCompositeType, set: SelectionSetNode, inheritedSize: number | undefined, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (on && isCompositeType(on)) total += walk(on, sel.selectionSet, inheritedSize, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue; // cycles are a validation error anyway
        const on = schema.getType(frag.typeCondition.name.value);
        if (on && isCompositeType(on)) total += walk(on, frag.selectionSet, inheritedSize, new Set([...seen, frag.name.value]));
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith('__')) continue;
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[name];
      if (!field) continue;
      const coordinate = `${parent.name}.${name}`;
      const named = getNamedType(field.type);
      const own = model.fieldCosts[coordinate] ?? (isCompositeType(named) ? model.objectFieldCost : model.scalarFieldCost);
      const slice = sliceSize(field, sel);
      let size = 1;
      if (isListType(getNullableType(field.type))) {
        size = slice ?? (model.sizedFields.includes(name) ? inheritedSize : undefined) ?? model.listSizes[coordinate] ?? model.defaultListSize;
      }
      const children = sel.selectionSet && isCompositeType(named) ? walk(named, sel.selectionSet, isListType(getNullableType(field.type)) ? undefined : slice, seen) : 0;
      total += own + size * children;
    }
    return total;
  };
  return walk(root, operation.selectionSet, undefined, new Set());
}
