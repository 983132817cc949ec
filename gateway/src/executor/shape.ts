import type { FragmentDefinitionNode, GraphQLCompositeType, GraphQLError, GraphQLNamedType, GraphQLOutputType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { graphqlCjs } from '../graphql-cjs.ts';

// graphql-js as @apollo/gateway loads it (graphql-cjs.ts): the schema, types and errors it builds are of that instance.
const { GraphQLError: CjsGraphQLError, Kind, isCompositeType, isEnumType, isListType, isNonNullType, isObjectType, isSpecifiedScalarType } = graphqlCjs;

/**
 * The client's operation prepared once for result shaping: every selection resolved against the API schema (field
 * types, fragment type conditions, fragment spreads inlined), so shaping a response walks plain nodes instead of
 * @apollo/federation-internals' Operation, which @apollo/gateway rebuilds from the document on every request.
 *
 * `shapeResponse` produces exactly what @apollo/gateway's `computeResponse` (resultShaping.ts) produces: selections
 * in document order, first occurrence of a response name decides its place, `__typename` from the data when it names
 * an object type of the API schema (root types get their standard name), leaf values checked against their type,
 * `null` bubbling up to the nearest nullable parent with the same error messages, paths and codes. Operations using
 * `@skip`/`@include` or schema introspection are not prepared here (see `isShapeable`); the gateway leaves those to
 * @apollo/gateway's own executor.
 */
export type ShapeNode = FieldNodePlan | FragmentNodePlan;

interface FieldNodePlan {
  kind: 'field';
  responseName: string;
  isTypename: boolean;
  /** The field's declared type, resolved once (unused for __typename). */
  type: TypeDesc;
  selections: ShapeNode[] | null;
}

interface FragmentNodePlan {
  kind: 'fragment';
  typeCondition: GraphQLCompositeType | null;
  selections: ShapeNode[];
}

export interface PreparedShape {
  rootType: GraphQLCompositeType;
  selections: ShapeNode[];
}

/** Whether a selection set uses what `prepareShape` does not handle (directives that change selection, introspection). */
export function isShapeable(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): boolean => {
    for (const sel of set.selections) {
      if (sel.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include' || d.name.value === 'defer')) return false;
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === '__schema' || name === '__type') return false;
        // A response name that is an Object.prototype property would need own-property checks everywhere.
        if ((sel.alias?.value ?? name) in Object.prototype) return false;
        if (sel.selectionSet && !visit(sel.selectionSet)) return false;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(sel.selectionSet)) return false;
      } else {
        const fragment = fragments[sel.name.value];
        if (!fragment) return false;
        if (seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        if (!visit(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  return !operation.directives?.length && visit(operation.selectionSet);
}

/** Resolves the operation's selections against the API schema (the document has been validated against it). */
export function prepareShape(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): PreparedShape {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new Error(`The schema has no ${operation.operation} type.`);
  const build = (set: SelectionSetNode, parent: GraphQLCompositeType): ShapeNode[] =>
    set.selections.map((sel): ShapeNode => {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const responseName = sel.alias?.value ?? name;
        if (name === '__typename') return { kind: 'field', responseName, isTypename: true, type: TYPENAME, selections: null };
        const fields = 'getFields' in parent ? parent.getFields() : {};
        const def = fields[name];
        if (!def) throw new Error(`Unknown field ${parent.name}.${name}.`);
        const named = unwrap(def.type);
        const selections = sel.selectionSet && isCompositeType(named) ? build(sel.selectionSet, named) : null;
        return { kind: 'field', responseName, isTypename: false, type: describe(def.type), selections };
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const typeCondition = sel.typeCondition ? compositeType(schema, sel.typeCondition.name.value) : null;
        return { kind: 'fragment', typeCondition, selections: build(sel.selectionSet, typeCondition ?? parent) };
      }
      const fragment = fragments[sel.name.value];
      if (!fragment) throw new Error(`Unknown fragment ${sel.name.value}.`);
      const typeCondition = compositeType(schema, fragment.typeCondition.name.value);
      return { kind: 'fragment', typeCondition, selections: build(fragment.selectionSet, typeCondition) };
    });
  return { rootType, selections: build(operation.selectionSet, rootType) };
}

function compositeType(schema: GraphQLSchema, name: string): GraphQLCompositeType {
  const type = schema.getType(name);
  if (!type || !isCompositeType(type)) throw new Error(`Unknown composite type ${name}.`);
  return type;
}

function unwrap(type: GraphQLOutputType): GraphQLNamedType {
  let t: GraphQLOutputType = type;
  while (isNonNullType(t) || isListType(t)) t = t.ofType;
  return t;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * A field's type resolved once, so shaping makes no graphql-js type checks per value: the wrappers, and for a leaf
 * the check of its values.
 */
type TypeDesc =
  | { kind: 'nonNull'; ofType: TypeDesc; label: string }
  | { kind: 'list'; ofType: TypeDesc; label: string }
  | { kind: 'composite'; type: GraphQLCompositeType; label: string }
  | { kind: 'leaf'; valid: (value: unknown) => boolean; label: string };

const TYPENAME: TypeDesc = { kind: 'leaf', valid: () => true, label: 'String!' };

function describe(type: GraphQLOutputType): TypeDesc {
  const label = String(type);
  if (isNonNullType(type)) return { kind: 'nonNull', ofType: describe(type.ofType), label };
  if (isListType(type)) return { kind: 'list', ofType: describe(type.ofType), label };
  if (isCompositeType(type)) return { kind: 'composite', type, label };
  return { kind: 'leaf', valid: leafCheck(type), label };
}

/** The check of a leaf type's values, as @apollo/federation-internals' `isValidLeafValue`. */
function leafCheck(type: GraphQLNamedType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map((v) => v.name));
    return (v) => typeof v === 'string' && values.has(v);
  }
  if (!isSpecifiedScalarType(type)) return () => true;
  switch (type.name) {
    case 'Boolean':
      return (v) => typeof v === 'boolean';
    case 'Int':
      return (v) => typeof v === 'number' && Number.isFinite(v) && INTEGER.test(String(v));
    case 'ID':
      return (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v) && INTEGER.test(String(v)));
    case 'Float':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    default: // String
      return (v) => typeof v === 'string';
  }
}

type Path = (string | number)[];
type Output = Record<string, unknown>;

/** `update`'s outcome besides its value (flags instead of an object per value: shaping allocates only the output). */
const INVALID = 1;
const HAS_ERRORS = 2;

interface Shaping {
  schema: GraphQLSchema;
  errors: GraphQLError[];
  flags: number;
}

/** A post-processing error, as @apollo/federation-internals' `ERRORS.INVALID_GRAPHQL.err` makes it. */
function invalid(message: string, path: Path): GraphQLError {
  return new CjsGraphQLError(message, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } });
}

function describeLast(path: Path, type: TypeDesc, parent: GraphQLCompositeType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parent.name}.${last}` : `array element of type ${type.label} at index ${last}`;
}

/** Shapes the fetched data into the response; `errors` are the post-processing errors (`valueCompletion`). */
export function shapeResponse(
  schema: GraphQLSchema,
  prepared: PreparedShape,
  input: Record<string, unknown>,
): { data: Output | null; errors: GraphQLError[] } {
  const state: Shaping = { schema, errors: [], flags: 0 };
  const data: Output = {};
  const bubbled = applySet(state, input, prepared.selections, data, [], prepared.rootType);
  return { data: bubbled ? null : data, errors: state.errors };
}

function typeConditionApplies(schema: GraphQLSchema, condition: GraphQLCompositeType | null, typename: unknown, parent: GraphQLCompositeType): boolean {
  if (!condition) return true;
  const type = typeof typename === 'string' && typename ? schema.getType(typename) : parent;
  if (!type) return false;
  if (condition === type) return true;
  if (isObjectType(condition)) return false;
  return (isObjectType(type) || 'getInterfaces' in type) && schema.isSubType(condition, type as never);
}

/** Applies one selection set; true when a null must bubble up to the parent. */
function applySet(state: Shaping, input: Output, nodes: ShapeNode[], output: Output, path: Path, parent: GraphQLCompositeType): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.kind === 'fragment') {
      if (typeConditionApplies(state.schema, node.typeCondition, input.__typename, parent)) {
        if (applySet(state, input, node.selections, output, path, node.typeCondition ?? parent)) return true;
      }
      continue;
    }
    const name = node.responseName;
    const outputValue = output[name];
    let inputValue = input[name] ?? null;
    if (node.isTypename) {
      if (outputValue === undefined) {
        if (inputValue === null && name !== '__typename') inputValue = input.__typename ?? null;
        const type = typeof inputValue === 'string' ? (state.schema.getType(inputValue) ?? parent) : parent;
        if (!isObjectType(type)) return true;
        output[name] = type.name;
      }
      continue;
    }
    path.push(name);
    output[name] = update(state, outputValue, node.type, inputValue, node.selections, path, parent);
    path.pop();
    if (state.flags & INVALID) return true;
  }
  return false;
}

/**
 * The output value for `inputValue` of type `type` merged into what was computed before (`outputValue`, undefined the
 * first time); sets `state.flags`: INVALID when it is a null the parent must take over, HAS_ERRORS when an error has
 * been reported for it already.
 */
function update(
  state: Shaping,
  outputValue: unknown,
  type: TypeDesc,
  inputValue: unknown,
  selections: ShapeNode[] | null,
  path: Path,
  parent: GraphQLCompositeType,
): unknown {
  state.flags = 0;
  if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;
  switch (type.kind) {
    case 'nonNull': {
      const updated = update(state, outputValue, type.ofType, inputValue, selections, path, parent);
      if (updated === null) {
        if (!(state.flags & HAS_ERRORS)) state.errors.push(invalid(`Cannot return null for non-nullable ${describeLast(path, type.ofType, parent)}.`, path));
        state.flags = INVALID | HAS_ERRORS;
        return null;
      }
      state.flags = 0;
      return updated;
    }
    case 'list': {
      if (inputValue === null) return null;
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value returned by subgraph for list type ${type.label}`);
      const existing = outputValue as unknown[] | undefined;
      if (existing !== undefined && existing.length !== inputValue.length) throw new Error('List lengths differ between selections.');
      const updated = new Array<unknown>(inputValue.length);
      let nullify = false;
      let hasErrors = false;
      for (let idx = 0; idx < inputValue.length; idx++) {
        path.push(idx);
        updated[idx] = update(state, existing?.[idx], type.ofType, inputValue[idx] ?? null, selections, path, parent);
        path.pop();
        if (state.flags & INVALID) nullify = true;
        if (state.flags & HAS_ERRORS) hasErrors = true;
      }
      state.flags = hasErrors ? HAS_ERRORS : 0;
      return nullify ? null : updated;
    }
    case 'composite': {
      if (inputValue === null) return null;
      if (!selections || typeof inputValue !== 'object') throw new Error(`Invalid non-object value returned by subgraph for composite type ${type.label}`);
      const obj = inputValue as Output;
      const typename = obj.__typename;
      let objType: GraphQLCompositeType = type.type;
      if (typename) {
        const named = typeof typename === 'string' ? state.schema.getType(typename) : undefined;
        if (!named || !isCompositeType(named)) {
          state.errors.push(invalid(`Invalid __typename found for object at ${describeLast(path, type, parent)}.`, path));
          state.flags = HAS_ERRORS;
          return null;
        }
        objType = named;
      }
      const out = (outputValue as Output | undefined) ?? {};
      const bubbled = applySet(state, obj, selections, out, path, objType);
      state.flags = bubbled ? HAS_ERRORS : 0;
      return bubbled ? null : out;
    }
    case 'leaf': {
      if (inputValue === null) return null;
      if (type.valid(inputValue)) return inputValue;
      state.errors.push(invalid(`Invalid value found for ${describeLast(path, type, parent)}.`, path));
      state.flags = HAS_ERRORS;
      return null;
    }
  }
}
