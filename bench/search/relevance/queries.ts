/** The judged query set's format (one JSON object per line of queries.jsonl). */
import type { QueryClass } from './judge.ts';
import type { TypoOp } from './typos.ts';

/** One judged query. */
export interface JudgedQuery {
  id: string;
  class: QueryClass;
  /** What the shopper types. */
  text: string;
  /** SKUs of the relevant products (sorted). */
  relevant: string[];
  /** Where the query came from: a SKU (exact, partial), "list", or the brand/colour it was built for. */
  source: string;
  /** Typo'd queries: the mistake made, and the clean query (id, or class:text for hand-written ones). */
  op?: TypoOp | 'hand';
  of?: string;
}

/** Parses queries.jsonl, checking each line's shape. */
export function readQueries(text: string): JudgedQuery[] {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((line, i) => {
      const q = JSON.parse(line) as JudgedQuery;
      if (typeof q.id !== 'string' || typeof q.text !== 'string' || !Array.isArray(q.relevant) || q.relevant.length === 0) {
        throw new Error(`queries.jsonl line ${i + 1} is not a judged query: ${line}`);
      }
      return q;
    });
}
