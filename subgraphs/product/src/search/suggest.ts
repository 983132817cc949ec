import { sql } from 'drizzle-orm';
import { badInput, pageSize } from '@emporium/kit';
import type { ProductModel } from '../models.ts';
import type { ProductRuntime } from '../runtime.ts';
import { searchReader } from './cache.ts';
import { NO_FILTER, runSearch } from './search.ts';
import { arrayParam } from './sql.ts';
import { parseQuery, replaceWords } from './service.ts';
import { buildTsQueries, MIN_CORRECTABLE_LENGTH, MIN_PREFIX_LENGTH, type QueryWord } from './text.ts';
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
/**
 * The products of `suggest` are the best matches among this many most popular ones (a search page ranks 1,000): five
 * products for a search box do not need the wider window, and a broad prefix stops its popularity-ordered scan 10×
 * sooner (README "Caps at scale").
 */
export const SUGGESTION_RANK_CAP = 100;

export interface QuerySuggestion {
  text: string;
  /** Products the suggested query finds (capped at SUGGESTION_COUNT_CAP). */
  count: number;
}

/**
 * Autocomplete in at most three statements after the search cache's generation (cache.ts; each answered from the cache
 * when it ran at the same generation already): (1) the vocabulary — whether each word is known, corrections of unknown
 * ones, and the most frequent words starting with the last word; (2) how many products each candidate query finds;
 * (3) the best products for the prefix (the search path, RELEVANCE, no facets) — (2) and (3) at once. Typo tolerant:
 * leading words are corrected as in search, and when no vocabulary word starts with the last word, its corrections
 * (also as a prefix, "chrism" → "christmas") are completed instead.
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
  const reader = await searchReader(rt.db.db);
  const lookups = await lookupWords(reader, parsed.words, true, COMPLETION_CANDIDATES);
  const words: QueryWord[] = parsed.words.map((word, i) => ({
    word,
    prefix: i === lastIndex,
    corrections: lookups[i] ? chooseCorrections(lookups[i], i === lastIndex).map((c) => c.term) : [],
    ...(lookups[i]?.expansions ? { expansions: lookups[i].expansions } : {}),
  }));

  // Candidate texts: leading words in their best spelling, then a completion of the last word (or a correction of it).
  const lead = replaceWords(parsed.normalized, (i, w) => (i < lastIndex ? (words[i]!.corrections[0] ?? w) : undefined));
  const lastStart = lead.search(/[\p{L}\p{N}]+$/u);
  const head = lastStart >= 0 ? lead.slice(0, lastStart) : `${lead} `;
  const last = lookups[lastIndex];
  // Each completion with the number of products whose vocabulary words include it (search_terms.documents) and its
  // stem (corrections: the word itself).
  const completions: { term: string; documents: number; stem: string }[] =
    last && last.completions.length > 0
      ? last.completions
      : (words[lastIndex]?.corrections ?? []).map((term) => ({ term, documents: last?.candidates.find((c) => c.term === term)?.documents ?? 0, stem: term }));
  const leadGroups = words.slice(0, lastIndex).map((w) => ({ ...w, prefix: false }));
  const candidates = completions.map(({ term, documents, stem }) => ({
    term,
    text: `${head}${term}`,
    query: buildTsQueries([...leadGroups, { word: term, prefix: false, corrections: [] }])!.all,
    // Candidates whose last words share a stem find the same products: counted once.
    key: `${buildTsQueries(leadGroups)?.all ?? ''}\u0000${stem}`,
    // A one-word candidate found in SUGGESTION_COUNT_CAP+ products' vocabulary words matches at least that many: every
    // vocabulary word of a product (title, brand, category path, tags) is in its document, stemmed as the query is.
    // Its capped count is known without a scan — unless the word is a stop word, whose tsquery is empty.
    knownCapped: leadGroups.length === 0 && documents >= SUGGESTION_COUNT_CAP,
  }));

  /** Statement 2: the candidates with their counts, best first (at most `limit`). */
  const rank = async (): Promise<{ term: string; text: string; count: number }[]> => {
    if (candidates.length === 0) return [];
    // One scalar subquery per candidate with its tsquery inlined, so each is planned for how many rows it matches: a
    // broad word stops after SUGGESTION_COUNT_CAP rows of a plain scan instead of building a GIN bitmap of every match.
    // Candidates sharing a stem (same `key`) are counted once, by the first of them. They are counted in vocabulary
    // order, one step of a recursive query each, and counting stops once `limit` of them reached the cap: ties keep
    // vocabulary order, so no later candidate can outrank those (each count is an InitPlan, run only when its CASE
    // branch is taken).
    const counted = candidates.filter((c, i) => candidates.findIndex((o) => o.key === c.key) === i);
    // After one leading word, the same holds for a word pair in search_term_pairs: the candidate's tsquery accepts the
    // leading word as typed or any of its corrections ("oakpaid st": oakpaid | oakpair), so a pair of any of them with
    // the completion in SUGGESTION_COUNT_CAP+ products proves the cap — read by primary key before the scan, which then
    // runs only when no pair does.
    const leadSpellings = leadGroups.length === 1 ? [leadGroups[0]!.word, ...leadGroups[0]!.corrections] : [];
    const scan = (c: (typeof counted)[number]) => sql`(select count(*)::int from (
            select 1 from product.search_documents d where d.document @@ to_tsquery('english', ${c.query}) limit ${SUGGESTION_COUNT_CAP}) x)`;
    const capped = (c: (typeof counted)[number]) => sql`case when numnode(to_tsquery('english', ${c.query})) > 0 then ${SUGGESTION_COUNT_CAP}::int else 0 end`;
    const counts = counted.map((c, k) =>
      c.knownCapped
        ? sql`when ${sql.raw(String(k))} then ${capped(c)}`
        : leadSpellings.length > 0
          ? sql`when ${sql.raw(String(k))} then case when exists (
              select 1 from unnest(${arrayParam(leadSpellings, 'text')}) as x(w)
              join product.search_term_pairs p on p.a = least(x.w, ${c.term}::text) and p.b = greatest(x.w, ${c.term}::text)
              where p.documents >= ${SUGGESTION_COUNT_CAP}) then ${capped(c)} else ${scan(c)} end`
          : sql`when ${sql.raw(String(k))} then ${scan(c)}`,
    );
    const rows = await reader.rows<{ i: number; n: number }>(
      sql`with recursive r(k, n, capped) as (
        select 0, null::int, 0
        union all
        select r.k + 1, c.n, r.capped + (c.n >= ${SUGGESTION_COUNT_CAP})::int
        from r cross join lateral (select case r.k ${sql.join(counts, sql` `)} end as n) c
        where r.k < ${counted.length} and r.capped < ${limit})
      select k as i, n from r where k > 0`,
    );
    const countOf = new Map(rows.map((r) => [counted[r.i - 1]!.key, r.n]));
    return candidates
      .map((c, i) => ({ i, term: c.term, text: c.text, count: countOf.get(c.key) ?? 0 }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || a.i - b.i)
      .slice(0, limit);
  };

  /**
   * Statement 3: the products, at the same time as statement 2 (on another connection of the pool). A last word too
   * short to match as a prefix (MIN_PREFIX_LENGTH) is left out after other words ("silver d" → silver, which is what
   * `d:*` found too, at the cost of a scan of every word starting with d), or, alone, completed by the vocabulary's
   * most frequent completion ("ha" → hanging).
   */
  const findProducts = async (): Promise<ProductModel[]> => {
    if (!parsed.words.some((w) => w.length >= MIN_CORRECTABLE_LENGTH - 1)) return [];
    const short = parsed.words[lastIndex]!.length < MIN_PREFIX_LENGTH;
    const top = completions[0]?.term;
    const productWords = !short ? words : lastIndex > 0 ? words.slice(0, lastIndex) : top ? [{ word: top, prefix: false, corrections: [] }] : words;
    const page = await runSearch(reader, {
      queries: buildTsQueries(productWords),
      prefixText: productWords.map((w) => w.word).join(' '),
      correctedText: short ? productWords.map((w) => w.corrections[0] ?? w.word).join(' ') : replaceWords(parsed.normalized, (i) => words[i]?.corrections[0]),
      words: productWords.length,
      countOriginal: false,
      filter: NO_FILTER,
      sort: 'RELEVANCE',
      limit,
      after: null,
      facets: false,
      highlights: false,
      countCap: 0,
      rankCap: SUGGESTION_RANK_CAP,
    });
    return page.hits.map((h) => h.product);
  };

  const [ranked, products] = await Promise.all([rank(), findProducts()]);
  const queries: QuerySuggestion[] = ranked.map(({ text, count }) => ({ text, count }));
  return { queries, products };
}
