import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';

type RootNode = QueryPlan['node'];
import type { GraphQLError, GraphQLErrorOptions, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { graphqlCjs } from '../graphql-cjs.ts';
import { fanOutEntities } from '../dedupe.ts';

// graphql-js as @apollo/gateway loads it (graphql-cjs.ts): the schema, types and errors it builds are of that instance.
const { GraphQLError: CjsGraphQLError, isAbstractType, isInterfaceType, isObjectType } = graphqlCjs;

type ResultMap = Record<string, unknown>;

/** What a subgraph answered (parsed JSON), or a thrown error for a transport failure. */
export interface SubgraphAnswer {
  data?: ResultMap | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Sends one prepared request body to a subgraph. */
export type SendToSubgraph = (serviceName: string, body: string, isMutation: boolean) => Promise<SubgraphAnswer>;

/** Whether our executor runs this plan (anything else is left to @apollo/gateway's executor). */
export function isExecutable(node: RootNode): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every((n) => isExecutable(n));
    case 'Flatten':
      return isExecutable(node.node);
    case 'Fetch':
      return !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length && !node.hasDefers;
    default:
      return false;
  }
}

interface Cursor {
  path: ResponsePath;
  data: ResultMap | ResultMap[];
  fullResult: ResultMap;
}

interface Execution {
  schema: GraphQLSchema;
  variables: Record<string, unknown> | undefined;
  send: SendToSubgraph;
  errors: (GraphQLError | Error)[];
}

/** The JSON text before the variables of a fetch's request body, prepared once per fetch node. */
const bodyPrefixes = new WeakMap<FetchNode, string>();
function bodyPrefix(fetch: FetchNode): string {
  let prefix = bodyPrefixes.get(fetch);
  if (prefix === undefined) bodyPrefixes.set(fetch, (prefix = `{"query":${JSON.stringify(fetch.operation)},"variables":`));
  return prefix;
}

/**
 * Executes a query plan from @apollo/gateway's planner and returns the fetched (unshaped) data, collecting errors as
 * @apollo/gateway's `executeQueryPlan` does — same fetch order, same merging, same downstream error messages, codes
 * and paths — with less work per request: each request body is written once (the operation text is serialised once
 * per plan), each distinct entity representation is sent once and its answer fanned back out (dedupe.ts), and no
 * per-node tracing or usage-reporting objects are built.
 */
export async function executePlan(
  schema: GraphQLSchema,
  node: RootNode,
  variables: Record<string, unknown> | undefined,
  send: SendToSubgraph,
): Promise<{ data: ResultMap; errors: (GraphQLError | Error)[] }> {
  const data: ResultMap = {};
  const execution: Execution = { schema, variables, send, errors: [] };
  if (node && node.kind !== 'Subscription') await executeNode(execution, node, { path: [], data, fullResult: data });
  return { data, errors: execution.errors };
}

async function executeNode(execution: Execution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(execution, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(execution, node, cursor);
      } catch (err) {
        execution.errors.push(err as Error);
      }
      return;
    default:
      throw new Error(`Plan node ${node.kind} is not executable here.`);
  }
}

const own = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

async function executeFetch(execution: Execution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities: ResultMap[] = Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data];
  if (entities.length < 1) return;

  let variablesJson = '';
  let passesRepresentations = false;
  if (fetch.variableUsages) {
    const provided = execution.variables;
    for (const name of fetch.variableUsages) {
      if (provided && own(provided, name) && provided[name] !== undefined) {
        if (name === 'representations') passesRepresentations = true;
        variablesJson += `${variablesJson ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(provided[name])}`;
      }
    }
  }
  const isMutation = fetch.operationKind === 'mutation';
  const sendWith = (variablesText: string) => {
    const body = `${bodyPrefix(fetch)}{${variablesText}}${fetch.operationName ? `,"operationName":${JSON.stringify(fetch.operationName)}` : ''}}`;
    return execution.send(fetch.serviceName, body, isMutation);
  };
  const report = (answer: SubgraphAnswer) => {
    if (!answer.errors) return;
    const pathOf = errorPaths(fetch, cursor);
    for (const error of answer.errors) execution.errors.push(downstreamServiceError(error, fetch.serviceName, pathOf));
  };

  if (!fetch.requires) {
    const answer = await sendWith(variablesJson);
    report(answer);
    for (const entity of entities) deepMerge(entity, answer.data);
    return;
  }

  const representationToEntity: number[] = [];
  const keys: string[] = [];
  const uniqueAt = new Map<string, number>();
  const indexOf: number[] = [];
  for (let index = 0; index < entities.length; index++) {
    const key = representationOf(execution.schema, entities[index]!, fetch.requires);
    if (key === null) continue;
    let at = uniqueAt.get(key);
    if (at === undefined) {
      at = keys.length;
      uniqueAt.set(key, at);
      keys.push(key);
    }
    indexOf.push(at);
    representationToEntity.push(index);
  }
  if (representationToEntity.length < 1) return;
  if (passesRepresentations) throw new Error('Variables cannot contain key "representations"');

  const sent = await sendWith(`${variablesJson}${variablesJson ? ',' : ''}"representations":[${keys.join(',')}]`);
  // As if every representation had been sent, duplicates included: the answer for each position, errors repeated.
  const answer = keys.length === indexOf.length ? sent : fanOutEntities(sent as SubgraphAnswer & { errors?: GraphQLFormattedError[] }, { unique: keys, indexOf });
  report(answer);
  if (!answer.data) return;
  const received = answer.data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representationToEntity.length) throw new Error(`Expected "data._entities" to contain ${representationToEntity.length} elements`);
  for (let i = 0; i < received.length; i++) {
    const entity = entities[representationToEntity[i]!]!;
    const got = received[i] as ResultMap | null;
    if (got && !got.__typename) got.__typename = entity.__typename;
    deepMerge(entity, got);
  }
}

/** How to write the representations of one fetch's `requires`, prepared once per plan. */
interface RepresentationWriter {
  /** One entry per `... on Type { a b }` of `requires`, when every selection is such a fragment of leaf fields. */
  fragments: { typeCondition: string; fields: { name: string; prefix: string }[] }[] | null;
}
const writers = new WeakMap<QueryPlanSelectionNode[], RepresentationWriter>();

function writerFor(requires: QueryPlanSelectionNode[]): RepresentationWriter {
  let writer = writers.get(requires);
  if (!writer) {
    const simple = requires.every(
      (sel) =>
        sel.kind === 'InlineFragment' &&
        !!sel.typeCondition &&
        sel.selections.every((f) => f.kind === 'Field' && !f.selections) &&
        new Set(sel.selections.map((f) => (f.kind === 'Field' ? (f.alias ?? f.name) : ''))).size === sel.selections.length,
    );
    const fragments = simple
      ? requires.map((sel) => {
          const fragment = sel as Extract<QueryPlanSelectionNode, { kind: 'InlineFragment' }>;
          return {
            typeCondition: fragment.typeCondition!,
            fields: fragment.selections.map((f, i) => {
              const name = f.kind === 'Field' ? (f.alias ?? f.name) : '';
              return { name, prefix: `${i === 0 ? '{' : ','}${JSON.stringify(name)}:` };
            }),
          };
        })
      : null;
    writers.set(requires, (writer = { fragments }));
  }
  return writer;
}

/**
 * The JSON text of an entity's representation for a fetch — exactly `JSON.stringify` of what @apollo/gateway collects
 * (selectInto) — or null when the entity is not sent (an input missing, no `__typename`). Written directly for the
 * usual `... on Type { __typename id }`; anything else goes through selectInto.
 */
function representationOf(schema: GraphQLSchema, entity: ResultMap, requires: QueryPlanSelectionNode[]): string | null {
  const { fragments } = writerFor(requires);
  let applies: NonNullable<RepresentationWriter['fragments']>[number] | undefined;
  let several = false;
  if (fragments) {
    for (const fragment of fragments) {
      if (!isObjectOfType(schema, entity, fragment.typeCondition)) continue;
      if (applies) several = true;
      applies = fragment;
    }
  }
  if (!fragments || several) {
    const representation = selectInto(schema, entity, requires);
    return representation && representation.__typename ? JSON.stringify(representation) : null;
  }
  if (!applies) return null;
  let text = '';
  let typename: unknown;
  for (const { name, prefix } of applies.fields) {
    const value = own(entity, name) ? entity[name] : undefined;
    if (value === undefined) return null;
    if (name === '__typename') typename = value;
    text += prefix + JSON.stringify(value);
  }
  return typename ? `${text}}` : null;
}

/** Collects a fetch's inputs (`requires`) from an entity; null when one is missing (as @apollo/gateway). */
function selectInto(schema: GraphQLSchema, source: ResultMap | null, selections: QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  const result: ResultMap = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      if (!own(source, name) || source[name] === undefined) return null;
      const value = source[name];
      const sub = selection.selections;
      if (Array.isArray(value)) result[name] = value.map((v: ResultMap | null) => (sub ? selectInto(schema, v, sub) : v));
      else result[name] = sub ? selectInto(schema, value as ResultMap | null, sub) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, selectInto(schema, source, selection.selections));
    }
  }
  return result;
}

function isObjectOfType(schema: GraphQLSchema, obj: ResultMap, typeCondition: string): boolean {
  const typename = obj.__typename;
  if (!typename || typeof typename !== 'string') return false;
  if (typename === typeCondition) return true;
  const type = schema.getType(typename);
  const condition = schema.getType(typeCondition);
  if (!type || !condition || !isAbstractType(condition)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

const isObject = (v: unknown): v is ResultMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges a fetched answer into the data fetched so far (as @apollo/gateway's `deepMerge`). */
function deepMerge(target: ResultMap, source: unknown): void {
  if (source === undefined || source === null) return;
  const from = source as ResultMap;
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (value === undefined) continue;
    if (!own(target, key) && key in target) Object.defineProperty(target, key, { configurable: true, enumerable: true, value: undefined, writable: true });
    const current = target[key];
    if (current && isObject(value)) {
      deepMerge(current as ResultMap, value);
    } else if (Array.isArray(value) && Array.isArray(current) && value.length === current.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(current[i]) && isObject(value[i])) deepMerge(current[i] as ResultMap, value[i]);
        else current[i] = value[i];
      }
    } else {
      target[key] = value;
    }
  }
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAtPath(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** The values at `path` (from element `at` on), lists under `@` flattened one level per `@` (as `flatMap`). */
function flattenAtPath(value: unknown, path: ResponsePath, at: number): Cursor['data'] | undefined | null {
  if (at === path.length) return value as Cursor['data'];
  if (value === undefined || value === null) return value;
  const current = path[at];
  if (current === '@') {
    const out: unknown[] = [];
    for (const element of value as unknown[]) {
      const inner = flattenAtPath(element, path, at + 1);
      if (Array.isArray(inner)) for (const v of inner) out.push(v);
      else out.push(inner);
    }
    return out as ResultMap[];
  }
  if (typeof current !== 'string' || Array.isArray(value)) throw new Error(`Unexpected value in result at path element ${String(current)}`);
  const obj = value as ResultMap;
  return flattenAtPath(own(obj, current) ? obj[current] : undefined, path, at + 1);
}

type ErrorPath = GraphQLErrorOptions['path'];

/**
 * Maps a subgraph error's path to the client's: `_entities.<i>.…` becomes the path of the i-th entity of the fetch
 * (computed lazily, only when an error names an entity), anything else is prefixed with the fetch's position.
 */
function errorPaths(fetch: FetchNode, cursor: Cursor): (path: ErrorPath) => ErrorPath {
  let hydrated: ResponsePath[] | undefined;
  return (path) => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

function hydratePaths(parent: ResponsePath, path: ResponsePath, data: unknown, out: ResponsePath[]): void {
  if (data === null || data === undefined) return;
  const head = path[0];
  if (head === undefined) {
    out.push(parent.slice());
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value, i) => {
      parent.push(i);
      hydratePaths(parent, path.slice(1), value, out);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value, i) => {
        parent.push(i);
        hydratePaths(parent, path, value, out);
        parent.pop();
      });
    } else if (own(data as object, head)) {
      parent.push(head);
      hydratePaths(parent, path.slice(1), (data as ResultMap)[head], out);
      parent.pop();
    }
  }
}

/** A subgraph's error as the client sees it (the same message, code and extensions as @apollo/gateway gives it). */
function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, pathOf: (path: ErrorPath) => ErrorPath): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const extensions = original.extensions;
  const options: GraphQLErrorOptions = {
    originalError: original as unknown as Error,
    path: pathOf(original.path as ErrorPath),
    extensions: { ...extensions, serviceName },
  };
  const known = errorCodeDef(original);
  if (!known && extensions?.code) return new CjsGraphQLError(message, options);
  return (known ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
