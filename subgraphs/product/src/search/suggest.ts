import { sql } from 'drizzle-orm';
import { badInput, executeRows, pageSize } from '@emporium/kit';
import type { ProductModel } from '../models.ts';
import type { ProductRuntime } from '../runtime.ts';
import { NO_FILTER, runSearch } from './search.ts';
import { parseQuery, replaceWords } from './service.ts';
import { buildTsQueries, MIN_CORRECTABLE_LENGTH, type QueryWord } from './text.ts';
import { chooseCorrections, lookupWords } from './vocabulary.ts';

/** Longest prefix accepted. */
export const MAX_PREFIX_LENGTH = 100;
/** Completions of the last word read from the vocabulary (before counting). */
export const COMPLETION_CANDIDATES = 12;
/**
 * Suggestion counts are exact up to this many products (1,000 before the 1M-SKU measurements: counting up to 1,000
 * matches of each of 12 candidates dominated autocomplete; README "Caps at scale"). Ties keep the vocabulary's order
 * (most frequent word first).
 */
export const SUGGESTION_COUNT_CAP = 100;

export interface QuerySuggestion {
  text: string;
  /** Products the suggested query finds (capped at SUGGESTION_COUNT_CAP). */
  count: number;
}

/**
 * Autocomplete in at most three statements: (1) the vocabulary — whether each word is known, corrections of unknown
 * ones, and the most frequent words starting with the last word; (2) how many products each candidate query finds;
 * (3) the best products for the prefix (the search path, RELEVANCE, no facets). Typo tolerant: leading words are
 * corrected as in search, and when no vocabulary word starts with the last word, its corrections (also as a prefix,
 * "chrism" → "christmas") are completed instead.
 */
export async function suggest(
  rt: ProductRuntime,
  prefix: string,
  first: number | null | undefined,
): Promise<{ queries: QuerySuggestion[]; products: ProductModel[] }> {
  if (prefix.length > MAX_PREFIX_LENGTH) throw badInput(`prefix must be at most ${MAX_PREFIX_LENGTH} characters, got ${prefix.length}.`, 'prefix');
  const limit = pageSize(first, 5, 20);
  const parsed = parseQuery(prefix.trimEnd());
  if (parsed.words.length === 0 || limit === 0) return { queries: [], products: [] };
  const lastIndex = parsed.words.length - 1;
  const lookups = await lookupWords(rt.db.db, parsed.words, true, COMPLETION_CANDIDATES);
  const words: QueryWord[] = parsed.words.map((word, i) => ({
    word,
    prefix: i === lastIndex,
    corrections: lookups[i] ? chooseCorrections(lookups[i], i === lastIndex).map((c) => c.term) : [],
  }));

  // Candidate texts: leading words in their best spelling, then a completion of the last word (or a correction of it).
  const lead = replaceWords(parsed.normalized, (i, w) => (i < lastIndex ? (words[i]!.corrections[0] ?? w) : undefined));
  const lastStart = lead.search(/[\p{L}\p{N}]+$/u);
  const head = lastStart >= 0 ? lead.slice(0, lastStart) : `${lead} `;
  const last = lookups[lastIndex];
  const completions = last && last.completions.length > 0 ? last.completions.map((c) => c.term) : (words[lastIndex]?.corrections ?? []);
  const leadGroups = words.slice(0, lastIndex).map((w) => ({ ...w, prefix: false }));
  const candidates = completions.map((term) => ({
    text: `${head}${term}`,
    query: buildTsQueries([...leadGroups, { word: term, prefix: false, corrections: [] }])!.all,
  }));

  let queries: QuerySuggestion[] = [];
  if (candidates.length > 0) {
    // One scalar subquery per candidate with its tsquery inlined, so each is planned for how many rows it matches: a
    // broad word stops after SUGGESTION_COUNT_CAP rows of a plain scan instead of building a GIN bitmap of every match.
    const rows = await executeRows<{ i: number; n: number }>(
      rt.db.db,
      sql.join(
        candidates.map(
          (c, i) => sql`select ${i + 1}::int as i, (select count(*)::int from (
            select 1 from product.search_documents d where d.document @@ to_tsquery('english', ${c.query}) limit ${SUGGESTION_COUNT_CAP}) x) as n`,
        ),
        sql` union all `,
      ),
    );
    queries = rows
      .map((r) => ({ i: r.i, text: candidates[r.i - 1]!.text, count: r.n }))
      .filter((s) => s.count > 0)
      .sort((a, b) => b.count - a.count || a.i - b.i)
      .slice(0, limit)
      .map(({ text, count }) => ({ text, count }));
  }

  const typedLongEnough = parsed.words.some((w) => w.length >= MIN_CORRECTABLE_LENGTH - 1);
  const products = typedLongEnough
    ? (
        await runSearch(rt.db.db, {
          queries: buildTsQueries(words),
          prefixText: parsed.words.join(' '),
          correctedText: replaceWords(parsed.normalized, (i) => words[i]?.corrections[0]),
          words: words.length,
          countOriginal: false,
          filter: NO_FILTER,
          sort: 'RELEVANCE',
          limit,
          after: null,
          facets: false,
          countCap: 0,
        })
      ).hits.map((h) => h.product)
    : [];
  return { queries, products };
}
