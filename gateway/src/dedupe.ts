import type { GraphQLFormattedError } from 'graphql';

/**
 * Entity representations of one `_entities` fetch with duplicates removed: `unique` is what the subgraph is asked
 * for, `indexOf[i]` is the position in `unique` of the i-th original representation. Null when there is nothing to
 * remove (the request is then sent as it is).
 */
export interface DedupedRepresentations {
  unique: unknown[];
  indexOf: number[];
}

/**
 * De-duplicates representations by their JSON text. The query planner builds every representation of one fetch from
 * the same selection set, so equal entities serialise with their keys in the same order; two equal representations
 * written in a different key order are merely not merged, which is safe.
 */
export function dedupeRepresentations(representations: readonly unknown[]): DedupedRepresentations | null {
  if (representations.length < 2) return null;
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const indexOf = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = JSON.stringify(representations[i]);
    let at = seen.get(key);
    if (at === undefined) {
      at = unique.length;
      seen.set(key, at);
      unique.push(representations[i]);
    }
    indexOf[i] = at;
  }
  return unique.length === representations.length ? null : { unique, indexOf };
}

/** A deep copy of a JSON value (subgraph answers are parsed JSON: plain objects, arrays and scalars only). */
function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
  return out as T;
}

interface EntitiesResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * Fans a subgraph's answer to the unique representations back out to the original ones, as if every duplicate had
 * been sent: `_entities[i]` is the answer for representation i (the first occurrence gets the object itself, later
 * ones a deep copy, because the gateway merges into and rewrites each entity separately), and every error whose path
 * starts with `_entities.<j>` is repeated for each original position of unique entity j, with the path rewritten.
 *
 * Error order: a subgraph reports per-item errors in list order, so the repeated errors are sorted (stably) by their
 * original position; errors that name no entity keep their place before or after that block. A response whose
 * `_entities` is missing or of the wrong length is returned untouched so the gateway reports it as it would anyway.
 */
export function fanOutEntities<R extends EntitiesResponse>(response: R, dedupe: DedupedRepresentations): R {
  const entities = response.data?._entities;
  if (!Array.isArray(entities) || entities.length !== dedupe.unique.length) return response;
  const used = new Array<boolean>(entities.length).fill(false);
  const fanned = dedupe.indexOf.map((j) => {
    if (used[j]) return cloneJson(entities[j]);
    used[j] = true;
    return entities[j];
  });
  const out = { ...response, data: { ...response.data, _entities: fanned } };
  if (response.errors?.length) out.errors = fanOutErrors(response.errors, dedupe.indexOf);
  return out;
}

function fanOutErrors(errors: readonly GraphQLFormattedError[], indexOf: number[]): GraphQLFormattedError[] {
  const positions = new Map<number, number[]>();
  indexOf.forEach((j, i) => {
    const list = positions.get(j);
    if (list) list.push(i);
    else positions.set(j, [i]);
  });
  const before: GraphQLFormattedError[] = [];
  const after: GraphQLFormattedError[] = [];
  const perEntity: { at: number; seq: number; error: GraphQLFormattedError }[] = [];
  for (const error of errors) {
    const path = error.path;
    const j = path && path[0] === '_entities' && typeof path[1] === 'number' ? path[1] : undefined;
    const targets = j === undefined ? undefined : positions.get(j);
    if (!targets) {
      (perEntity.length ? after : before).push(error);
      continue;
    }
    for (const at of targets) perEntity.push({ at, seq: perEntity.length, error: { ...error, path: ['_entities', at, ...path!.slice(2)] } });
  }
  perEntity.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return [...before, ...perEntity.map((e) => e.error), ...after];
}
