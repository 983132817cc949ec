import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { executeRows } from '@emporium/kit';
import type { Executor } from './projection.ts';

/**
 * The search result cache: rows of search's read statements (vocabulary lookup, search page with facets, suggestion
 * counts) keyed by the statement's text and parameters and tagged with the generation (the sum of `product.search_generation`'s 16 stripes), a counter every
 * transaction that changes a table those statements read bumps at its commit (drizzle/0008). A request reads the
 * counter first (one small statement) and uses only entries of that generation, so a cached answer is exactly what the
 * statement would return now: never stale, read-your-writes included (a review's rating is seen by the next search,
 * as without the cache). Like Elasticsearch's request cache, any change invalidates every entry at once.
 *
 * Identical statements of one generation running at the same time run once (the others wait for its rows). Per
 * process and per database handle; at most `PRODUCT_SEARCH_CACHE_ENTRIES` entries (default 2,000; 0 turns the
 * cache off and with it the generation read), least recently used dropped first.
 */
export const DEFAULT_SEARCH_CACHE_ENTRIES = 2000;

/** Entries of the cache from the environment (`PRODUCT_SEARCH_CACHE_ENTRIES`), else the default. */
export function searchCacheEntries(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PRODUCT_SEARCH_CACHE_ENTRIES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SEARCH_CACHE_ENTRIES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`PRODUCT_SEARCH_CACHE_ENTRIES must be a whole number ≥ 0, got "${raw}".`);
  return n;
}

interface Entry {
  generation: number;
  rows: readonly unknown[];
}

export interface SearchCacheStats {
  hits: number;
  misses: number;
  /** Generations seen (each newer one drops every entry). */
  generation: number | null;
  entries: number;
}

class SearchCache {
  readonly entries = new Map<string, Entry>();
  /** Statements running now, by generation and key: identical requests wait for the one running (no stampede). */
  readonly running = new Map<string, Promise<readonly unknown[]>>();
  generation: number | null = null;
  hits = 0;
  misses = 0;
  constructor(public max: number) {}

  /** Notes the generation a request read; a newer one drops every entry (they describe older data). */
  observe(generation: number): void {
    if (this.generation === null || generation > this.generation) {
      this.generation = generation;
      this.entries.clear();
    }
  }

  get(key: string, generation: number): readonly unknown[] | undefined {
    const e = this.entries.get(key);
    if (!e || e.generation !== generation) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.rows;
  }

  set(key: string, generation: number, rows: readonly unknown[]): void {
    // An answer read under an older generation than the newest seen is not kept (it would be dropped at once).
    if (generation !== this.generation || this.max === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { generation, rows });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

const caches = new WeakMap<object, SearchCache>();
const dialect = new PgDialect();

function cacheOf(db: Executor, max: number): SearchCache {
  let c = caches.get(db);
  if (!c) {
    c = new SearchCache(max);
    caches.set(db, c);
  }
  c.max = max;
  return c;
}

/** Makes cached rows immutable: they are shared by every request that reads them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/**
 * How one request reads search statements: through the cache at the generation it read first, or straight from the
 * database (cache off, or inside a transaction — a transaction's own writes are not committed yet).
 */
export interface SearchReader {
  db: Executor;
  rows<T extends Record<string, unknown>>(statement: SQL): Promise<T[]>;
}

/** A reader without the cache. */
export function directReader(db: Executor): SearchReader {
  return { db, rows: (statement) => executeRows(db, statement) };
}

/**
 * A reader for one request on `db` (the pool, not a transaction). With the cache on, reads the generation now (one
 * statement): every later statement of the request runs on a snapshot at least as new, so an answer it caches is
 * tagged with a generation no newer than its data — a later request of that generation may reuse it.
 */
export async function searchReader(db: Executor, max = searchCacheEntries()): Promise<SearchReader> {
  if (max === 0) return directReader(db);
  const cache = cacheOf(db, max);
  const [row] = await executeRows<{ n: number | string }>(db, 'select coalesce(sum(n), 0)::bigint as n from product.search_generation');
  const generation = Number(row?.n ?? 0);
  cache.observe(generation);
  return {
    db,
    async rows<T extends Record<string, unknown>>(statement: SQL): Promise<T[]> {
      const q = dialect.sqlToQuery(statement);
      const key = `${q.sql}\u0000${JSON.stringify(q.params)}`;
      const hit = cache.get(key, generation);
      if (hit) {
        cache.hits++;
        return hit as T[];
      }
      const flight = `${generation}\u0000${key}`;
      const running = cache.running.get(flight);
      if (running) {
        cache.hits++;
        return (await running) as T[];
      }
      cache.misses++;
      const started = executeRows<T>(db, statement).then((rows) => deepFreeze(rows));
      cache.running.set(flight, started);
      try {
        const rows = await started;
        cache.set(key, generation, rows);
        return rows;
      } finally {
        cache.running.delete(flight);
      }
    },
  };
}

/** Hits, misses and entries of the cache of `db` (tests, diagnostics); null before its first request. */
export function searchCacheStats(db: Executor): SearchCacheStats | null {
  const c = caches.get(db);
  return c ? { hits: c.hits, misses: c.misses, generation: c.generation, entries: c.entries.size } : null;
}
