import type { GraphQLCompositeType, GraphQLSchema } from 'graphql';
import { graphqlCjs } from '../graphql-cjs.ts';
import { typeConditionApplies, type PreparedShape, type ShapeNode, type TypeDesc } from './shape.ts';

const { isCompositeType, isObjectType } = graphqlCjs;

/**
 * The fields of one selection set as written for one runtime type: every field selected on it (through fragments
 * whose condition applies) once, in the place of its first occurrence, with the sub-selections of all its
 * occurrences — what `shapeResponse` arrives at by merging each occurrence into the same output object.
 */
interface Collected {
  /** `"name":` (or `,"name":`) ready to write. */
  prefix: string;
  responseName: string;
  isTypename: boolean;
  type: TypeDesc;
  /** The selection sets of every occurrence (composite fields). */
  subsets: ShapeNode[][];
  /** For `__typename`: the type it falls back to when the data has none (the enclosing fragment's type). */
  parent: GraphQLCompositeType;
  /** Collected fields of the sub-selections, by the object's `__typename` ('' when it has none). */
  children: Map<string, Collected[]> | undefined;
}

/** Thrown (never escaping `writeDataJson`) when the data needs what only `shapeResponse` does: errors, bubbling nulls. */
const BAIL: unique symbol = Symbol('bail');

const roots = new WeakMap<PreparedShape, Map<string, Collected[]>>();

/**
 * The response's `data` as JSON text, written straight from the fetched data — the same text as
 * `JSON.stringify(shapeResponse(...).data)`, without building the shaped object tree first — or null when shaping
 * this data reports an error or nulls a non-null field (invalid leaf, unknown `__typename`, a null where none may
 * be): then `shapeResponse` must run, with its exact error messages, paths and null bubbling.
 */
export function writeDataJson(schema: GraphQLSchema, prepared: PreparedShape, input: Record<string, unknown>): string | null {
  let byTypename = roots.get(prepared);
  if (!byTypename) roots.set(prepared, (byTypename = new Map()));
  try {
    return writeObject(schema, input, byTypename, [prepared.selections], prepared.rootType);
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

function writeObject(schema: GraphQLSchema, input: Record<string, unknown>, byTypename: Map<string, Collected[]>, subsets: ShapeNode[][], staticType: GraphQLCompositeType): string {
  const typename = input.__typename;
  if (typename !== undefined && typeof typename !== 'string') throw BAIL;
  const key = typename ?? '';
  let fields = byTypename.get(key);
  if (!fields) {
    fields = [];
    const seen = new Map<string, Collected>();
    for (const nodes of subsets) collect(schema, nodes, typename, staticType, fields, seen);
    byTypename.set(key, fields);
  }
  let out = '{';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    out += field.prefix;
    if (field.isTypename) {
      let value = input[field.responseName] ?? null;
      if (value === null && field.responseName !== '__typename') value = input.__typename ?? null;
      const type = typeof value === 'string' ? (schema.getType(value) ?? field.parent) : field.parent;
      if (!isObjectType(type)) throw BAIL;
      out += JSON.stringify(type.name);
      continue;
    }
    out += writeValue(schema, field, field.type, input[field.responseName] ?? null);
  }
  return `${out}}`;
}

function writeValue(schema: GraphQLSchema, field: Collected, type: TypeDesc, value: unknown): string {
  switch (type.kind) {
    case 'nonNull':
      if (value === null) throw BAIL;
      return writeValue(schema, field, type.ofType, value);
    case 'list': {
      if (value === null) return 'null';
      if (!Array.isArray(value)) throw BAIL;
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + writeValue(schema, field, type.ofType, value[i] ?? null);
      return `${out}]`;
    }
    case 'composite': {
      if (value === null) return 'null';
      if (typeof value !== 'object' || Array.isArray(value) || field.subsets.length === 0) throw BAIL;
      const obj = value as Record<string, unknown>;
      let objType: GraphQLCompositeType = type.type;
      if (obj.__typename) {
        const named = typeof obj.__typename === 'string' ? schema.getType(obj.__typename) : undefined;
        if (!named || !isCompositeType(named)) throw BAIL;
        objType = named;
      }
      return writeObject(schema, obj, (field.children ??= new Map()), field.subsets, objType);
    }
    case 'leaf':
      if (value === null) return 'null';
      if (!type.valid(value)) throw BAIL;
      return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  }
}

/** Collects the fields of `nodes` that apply to an object with this `__typename`, as `applySet` visits them. */
function collect(schema: GraphQLSchema, nodes: ShapeNode[], typename: unknown, parent: GraphQLCompositeType, out: Collected[], seen: Map<string, Collected>): void {
  for (const node of nodes) {
    if (node.kind === 'fragment') {
      if (typeConditionApplies(schema, node.typeCondition, typename, parent)) collect(schema, node.selections, typename, node.typeCondition ?? parent, out, seen);
      continue;
    }
    const existing = seen.get(node.responseName);
    if (existing) {
      if (node.selections) existing.subsets.push(node.selections);
      continue;
    }
    const field: Collected = {
      prefix: `${out.length === 0 ? '' : ','}${JSON.stringify(node.responseName)}:`,
      responseName: node.responseName,
      isTypename: node.isTypename,
      type: node.type,
      subsets: node.selections ? [node.selections] : [],
      parent,
      children: undefined,
    };
    seen.set(node.responseName, field);
    out.push(field);
  }
}
