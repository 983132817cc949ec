import { sql, type SQL } from 'drizzle-orm';
import type { SearchReader } from './cache.ts';
import { editDistance, maxEdits, MIN_CORRECTABLE_LENGTH, MIN_PREFIX_LENGTH, skeleton, soundKey } from './text.ts';

/** Candidates read per word: nearest by trigram distance, and most frequent with the same consonant key. */
export const TRIGRAM_CANDIDATES = 10;
export const SKELETON_CANDIDATES = 6;
/** Corrections kept per word (OR-ed into the query). */
export const MAX_CORRECTIONS = 3;
/** Shortest part of a word split in two ("lunchbag" → lunch + bag); the word needs twice this many letters. */
export const MIN_SPLIT_PART = 3;
/**
 * A word found in at most this many products may still be split ("drawerknob", 1 product, → drawer + knob), when each
 * part is found in at least SPLIT_PART_RATIO times as many products as the word itself.
 */
export const SPLIT_RARE_DOCUMENTS = 2;
export const SPLIT_PART_RATIO = 3;
/** Splits kept per word. */
export const MAX_SPLITS = 2;
/**
 * A last word typed as a prefix matches the vocabulary words that start with it, listed (one per stem), when there
 * are at most this many; with more ("hea": heart, heavy, head, …) it stays `word:*`. Listed words are exact GIN
 * entries: an AND with another word skips through their postings instead of first collecting them all (text.ts).
 * Words found only in descriptions are not in the vocabulary, so a listed prefix does not complete to them.
 */
export const PREFIX_EXPANSIONS = 24;
/** Same-key corrections are accepted up to this edit distance, and only for keys of 2+ letters ("toys" is not "tisseu"). */
export const MAX_KEY_EDITS = 3;

/**
 * `s.term` equals `value`, as a range of the `text_pattern_ops` btree (bytewise, so exactly equality). Written `=`, the
 * planner costs the trigram GiST index (which supports `=` since pg_trgm 1.6) like the primary key and picked it: 0.5–1.5
 * ms per lookup instead of 0.02 at 1M SKUs (README "Caps at scale", third round).
 */
const termIs = (value: SQL) => sql`(s.term ~>=~ (${value}) and s.term ~<=~ (${value}))`;
/** `s.term` starts with `value`: a range of the same btree. */
const termStartsWith = (value: SQL) => sql`(s.term ~>=~ (${value}) and s.term ~<~ ((${value}) || chr(1114111)))`;
/** The lexeme(s) the search matches a vocabulary word `x.term` by ('' for a stop word). */
const stemOfTerm = sql`array_to_string(tsvector_to_array(to_tsvector('english', x.term)), ' ')`;

/** A vocabulary word close to a query word. */
export interface Candidate {
  term: string;
  documents: number;
  similarity: number;
  /** Same consonant key (product.search_skeleton). */
  skeleton: boolean;
}

/** What the vocabulary knows about one query word. */
export interface WordLookup {
  word: string;
  /** The word is in the vocabulary. */
  known: boolean;
  /** Products whose text has the word (0 when unknown; absent: 1 when known, else 0). */
  documents?: number;
  /** Some vocabulary word starts with it (asked for the last word only). */
  prefixed: boolean;
  /** Only for unknown words of at least MIN_CORRECTABLE_LENGTH characters. */
  candidates: Candidate[];
  /**
   * With `completions`, for the last word: vocabulary words starting with it, most frequent first, with the lexeme the
   * search matches it by ('' for a stop word): "decor", "decorative" and "decorations" all stem to "decor".
   */
  completions: { term: string; documents: number; stem: string }[];
  /**
   * For the last word typed as a prefix (MIN_PREFIX_LENGTH+ characters): the vocabulary words starting with it, one per
   * stem, when there are at most PREFIX_EXPANSIONS (else, and for other words, absent).
   */
  expansions?: string[];
  /** Ways to write the word as two vocabulary words (parts of MIN_SPLIT_PART+ letters), most frequent parts first. */
  splits?: { left: string; right: string; documents: number; leftDocuments: number; rightDocuments: number }[];
  /** The vocabulary word this word and the next one make when written together, with its products. */
  joined?: { term: string; documents: number } | null;
}

/**
 * ONE statement: for each word, whether the vocabulary has it (or, for the last word, a word starting with it), and for
 * unknown words of 3+ characters the nearest vocabulary words — by trigram distance (GiST KNN on `search_terms.term`)
 * and by consonant key (btree on `skeleton`). With `completions` > 0 also the most frequent words that start with the
 * last word (btree range on `term text_pattern_ops`). Through `reader` (the search result cache, cache.ts).
 */
export async function lookupWords(
  reader: SearchReader,
  words: readonly string[],
  lastIsPrefix: boolean,
  completions = 0,
): Promise<WordLookup[]> {
  if (words.length === 0) return [];
  const rows = await reader.rows<{
    i: number;
    known: boolean;
    documents: number;
    prefixed: boolean;
    candidates: Candidate[] | null;
    completions: WordLookup['completions'] | null;
    splits: NonNullable<WordLookup['splits']> | null;
    joined: { term: string; documents: number } | null;
    prefix_words: { term: string; stem: string }[] | null;
  }>(
    sql`
    select t.i::int as i, k.documents > 0 as known, k.documents, k.prefixed,
      case when k.documents > 0 or k.prefixed or length(t.w) < ${MIN_CORRECTABLE_LENGTH} then null else (
        select json_agg(json_build_object('term', c.term, 'documents', c.documents, 'similarity', c.sim, 'skeleton', c.sk))
        from (
          (select s.term, s.documents, similarity(s.term, t.w)::float8 as sim, s.skeleton = product.search_skeleton(t.w) as sk
           from product.search_terms s where s.documents > 0 order by s.term <-> t.w limit ${TRIGRAM_CANDIDATES})
          union
          (select s.term, s.documents, similarity(s.term, t.w)::float8, true
           from product.search_terms s where s.skeleton = product.search_skeleton(t.w) and s.documents > 0
           order by s.documents desc, s.term limit ${SKELETON_CANDIDATES})
        ) c
      ) end as candidates,
      case when ${completions} > 0 and t.i = ${words.length} then (
        select json_agg(json_build_object('term', x.term, 'documents', x.documents, 'stem', ${stemOfTerm}) order by x.documents desc, x.term)
        from (
          select s.term, s.documents from product.search_terms s
          where ${termStartsWith(sql`t.w`)} and s.documents > 0
          order by s.documents desc, s.term limit ${completions}
        ) x
      ) end as completions,
      case when ${lastIsPrefix} and t.i = ${words.length} and length(t.w) >= ${MIN_PREFIX_LENGTH} and k.prefixed then (
        select json_agg(json_build_object('term', x.term, 'stem', ${stemOfTerm}) order by x.term)
        from (
          select s.term from product.search_terms s
          where ${termStartsWith(sql`t.w`)} and s.documents > 0
          limit ${PREFIX_EXPANSIONS + 1}
        ) x
      ) end as prefix_words,
      case when k.documents <= ${SPLIT_RARE_DOCUMENTS} and length(t.w) >= ${2 * MIN_SPLIT_PART} then (
        select json_agg(json_build_object('left', l.term, 'right', r.term, 'documents', least(l.documents, r.documents),
            'leftDocuments', l.documents, 'rightDocuments', r.documents) order by least(l.documents, r.documents) desc, x.k)
        from generate_series(${MIN_SPLIT_PART}, length(t.w) - ${MIN_SPLIT_PART}) as x(k)
        join product.search_terms l on l.term = left(t.w, x.k) and l.documents > 0
        join product.search_terms r on r.term = substr(t.w, x.k + 1) and r.documents > 0
      ) end as splits,
      (select json_build_object('term', s.term, 'documents', s.documents) from product.search_terms s
        where ${termIs(sql`t.w || (${JSON.stringify(words)}::jsonb ->> t.i::int)`)} and s.documents > 0) as joined
    from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality as t(w, i)
    cross join lateral (
      select
        coalesce((select s.documents from product.search_terms s where ${termIs(sql`t.w`)} and s.documents > 0), 0)::int as documents,
        (${lastIsPrefix} and t.i = ${words.length} and exists(
          select 1 from product.search_terms s where ${termStartsWith(sql`t.w`)} and s.documents > 0)) as prefixed
      offset 0
    ) k
    order by t.i`,
  );
  return rows.map((r, idx) => {
    const merged = new Map<string, Candidate>();
    for (const c of r.candidates ?? []) {
      const seen = merged.get(c.term);
      merged.set(c.term, seen ? { ...seen, skeleton: seen.skeleton || c.skeleton } : c);
    }
    return {
      word: words[idx]!,
      known: r.known,
      documents: r.documents,
      prefixed: r.prefixed,
      candidates: [...merged.values()],
      completions: r.completions ?? [],
      splits: r.splits ?? [],
      joined: r.joined,
      ...(r.prefix_words ? prefixExpansions(r.prefix_words) : {}),
    };
  });
}

/**
 * The listed words of a prefix, one per stem (stop words, whose stem is empty, left out): none when the vocabulary has
 * more than PREFIX_EXPANSIONS of them or only stop words (the prefix then stays `word:*`).
 */
export function prefixExpansions(words: { term: string; stem: string }[]): { expansions?: string[] } {
  if (words.length > PREFIX_EXPANSIONS) return {};
  const byStem = new Map<string, string>();
  for (const w of words) if (w.stem !== '' && !byStem.has(w.stem)) byStem.set(w.stem, w.term);
  return byStem.size === 0 ? {} : { expansions: [...byStem.values()] };
}

/** A candidate that passed the rules, with its score (higher is better). */
export interface ScoredCorrection {
  term: string;
  score: number;
  distance: number;
}

/**
 * Picks the corrections of an unknown word. A candidate is accepted when its edit distance (with transpositions) is
 * within `maxEdits(length)`, or — for the last word, typed as a prefix — its first `length` characters are; or when it
 * has the same consonant key (of 2+ letters, or the same {@link soundKey}: "neckless" → "necklace"), a length within 2
 * and at most MAX_KEY_EDITS edits ("lite" → "light"). Score: −distance (at most 1 for a same-key
 * word) + trigram similarity + 0.5 for the same key + 0.1·log10(1 + documents). Best MAX_CORRECTIONS first.
 */
export function chooseCorrections(lookup: WordLookup, isPrefix: boolean): ScoredCorrection[] {
  const w = lookup.word;
  if (lookup.known || lookup.prefixed || w.length < MIN_CORRECTABLE_LENGTH) return [];
  const allowed = maxEdits(w.length);
  const scored: ScoredCorrection[] = [];
  for (const c of lookup.candidates) {
    const distance = editDistance(w, c.term, allowed + 2);
    const prefixDistance = isPrefix && c.term.length > w.length ? editDistance(w, c.term.slice(0, w.length), allowed + 1) : Number.POSITIVE_INFINITY;
    const sameKey = skeleton(w).length >= 2 && (c.skeleton || soundKey(w) === soundKey(c.term));
    const byKey = sameKey && Math.abs(c.term.length - w.length) <= 2 && distance <= MAX_KEY_EDITS;
    if (distance > allowed && prefixDistance > allowed && !byKey) continue;
    const d = Math.min(distance, prefixDistance);
    // A same-sounding word counts as one edit away however it is spelt ("lite" → "light").
    const effective = byKey ? Math.min(d, 1) : d;
    scored.push({ term: c.term, distance: d, score: -effective + c.similarity + (sameKey ? 0.5 : 0) + 0.1 * Math.log10(1 + c.documents) });
  }
  return scored.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term)).slice(0, MAX_CORRECTIONS);
}

/**
 * The splits of a word worth searching for: an unknown word ("lunchbag" → lunch + bag), or a rare one (at most
 * SPLIT_RARE_DOCUMENTS products) whose parts are each SPLIT_PART_RATIO times as common ("drawerknob" → drawer + knob).
 * Best MAX_SPLITS first (the split whose rarer part is most common).
 */
export function chooseSplits(lookup: WordLookup): [string, string][] {
  const documents = lookup.documents ?? (lookup.known ? 1 : 0);
  if (documents > SPLIT_RARE_DOCUMENTS) return [];
  const min = documents * SPLIT_PART_RATIO;
  return (lookup.splits ?? [])
    .filter((s) => s.leftDocuments >= min && s.rightDocuments >= min)
    .slice(0, MAX_SPLITS)
    .map((s) => [s.left, s.right]);
}
