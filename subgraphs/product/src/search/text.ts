/** Text handling shared by indexing rules and query parsing (pure functions, unit-tested). */

/** Longest query accepted (characters). */
export const MAX_QUERY_LENGTH = 200;
/** Words of a query that take part in matching; later words are ignored. */
export const MAX_QUERY_WORDS = 16;
/** Words shorter than this are never corrected (too many neighbours). */
export const MIN_CORRECTABLE_LENGTH = 3;
/**
 * A last word typed as a prefix is expanded (`word:*`) only from this many characters: "2:*" or "ha:*" reads the index
 * entries of every word starting so (a 100 ms GIN scan at 1M SKUs, README "Caps at scale"); shorter, it matches as
 * written.
 */
export const MIN_PREFIX_LENGTH = 3;

/** Lower case without accents, like `lower(unaccent(x))` in the projection. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The words of a normalized text: runs of letters and digits (what the projection's `terms` splits on). */
export function wordsOf(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * Edits allowed when correcting a word of this length (like Elasticsearch's AUTO fuzziness): 0 up to 2 characters,
 * 1 up to 5, else 2.
 */
export function maxEdits(length: number): number {
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), bounded: returns max+1 when beyond. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The consonant key of a lower-case word — the same rules as SQL `product.search_skeleton` (drizzle/0002): ph→f,
 * gh dropped, ck→k, c/q→k, z→s, then a, e, i, o, u, y, h, w dropped after the first letter and repeats collapsed.
 */
export function skeleton(word: string): string {
  const s = word.toLowerCase().replaceAll('ph', 'f').replaceAll('gh', '').replaceAll('ck', 'k').replace(/[cqz]/g, (c) => (c === 'z' ? 's' : 'k')).replaceAll('kk', 'k');
  return (s.slice(0, 1) + s.slice(1).replace(/[aeiouyhw]/g, '')).replace(/(.)\1+/g, '$1');
}

/**
 * A sound key closer to pronunciation than {@link skeleton} (JS only, compared between a word and its candidates): a soft
 * c (before e, i, y) sounds like s, and ss is s — so "neckless" and "necklace" share "nkls".
 */
export function soundKey(word: string): string {
  return skeleton(word.toLowerCase().replace(/c(?=[eiy])/g, 's'));
}

/** A word of the query and how it may be matched. */
export interface QueryWord {
  word: string;
  /** The last word of the query is matched as a prefix too (search as you type). */
  prefix: boolean;
  /**
   * For a prefix word: the vocabulary words starting with it (one per stem), when there are few enough to list
   * (vocabulary.ts `PREFIX_EXPANSIONS`) — matched instead of `word:*`. Absent: `word:*`.
   */
  expansions?: string[];
  /** Corrections from the vocabulary, best first (empty when the word is known or uncorrectable). */
  corrections: string[];
  /** The word split in two vocabulary words ("lunchbag" → lunch + bag), best first: alternatives to the word. */
  splits?: (readonly [string, string])[];
  /** This word and the next one written together is a vocabulary word ("door mat" → "doormat"): alternatives to the pair. */
  joined?: string[];
}

/** The text-search queries one search runs (strings for `to_tsquery('english', …)`; null when there is no query). */
export interface TsQueries {
  /** Every word (or one of its corrections) present. */
  all: string;
  /** All words but one (for two or more words): used only when nothing matches `all` under the filters. */
  relaxed: string;
  /** Any word or correction: what ranking and highlighting use. */
  any: string;
  /** The words as typed, without corrections: decides whether to offer "did you mean". */
  original: string;
  /** Best spelling of each word, for `phraseto_tsquery` (adjacent words in order rank higher). */
  phrase: string;
  /**
   * Split and joined spellings as phrases ("lunch <-> bag | doormat"), OR-ed into the phrase boost so that a product
   * with the words as the shopper meant them ranks with one that has them as typed; '' when there are none.
   */
  alternatives: string;
}

/**
 * The word in tsquery syntax as typed: a prefix match when it is the last word, typed as a prefix, long enough — the
 * vocabulary words starting with it when they were listed (`(design | designer)`: exact GIN entries, which an AND with
 * another word skips through, where `design:*` first collects every posting of every such entry into a bitmap — 64 →
 * 14 ms for "funky design" at 1M SKUs), else `word:*`.
 */
function asTyped(w: QueryWord): string {
  if (!w.prefix || w.word.length < MIN_PREFIX_LENGTH) return w.word;
  const e = w.expansions;
  if (!e || e.length === 0) return `${w.word}:*`;
  return e.length === 1 ? e[0]! : `(${e.join(' | ')})`;
}

/**
 * A split spelling ("lunchbag" → lunch + bag) as a tsquery: both parts are vocabulary words, so the second is matched
 * as a word even while the query is being typed — `bag:*` would collect the postings of every word starting with "bag"
 * ("silverheart" at 1M SKUs: a 25 ms index scan for `heart:*`).
 */
const splitText = ([a, b]: readonly [string, string], op: '&' | '<->') => `(${a} ${op} ${b})`;

function group(w: QueryWord): string {
  const alts = [asTyped(w), ...w.corrections.filter((c) => c !== w.word), ...(w.splits ?? []).map((s) => splitText(s, '&'))];
  return alts.length === 1 ? alts[0]! : `(${alts.join(' | ')})`;
}

/**
 * The AND-ed units of a query: one per word, except that a word with `joined` spellings and the word after it form one
 * unit, "(both words) or the joined word" ("door mat" → `((door & mat) | doormat)`).
 */
function units(words: readonly QueryWord[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (next && w.joined && w.joined.length > 0) {
      out.push(`((${group(w)} & ${group(next)}) | ${w.joined.join(' | ')})`);
      i++;
    } else {
      out.push(group(w));
    }
  }
  return out;
}

/**
 * Builds the tsquery texts. Words are runs of letters and digits, so they need no quoting in tsquery syntax.
 * Stop words ("the", "t") are dropped by `to_tsquery` itself.
 */
export function buildTsQueries(words: readonly QueryWord[]): TsQueries | null {
  if (words.length === 0) return null;
  const groups = units(words);
  const all = groups.join(' & ');
  const relaxed =
    groups.length < 2 ? all : groups.map((_, skip) => `(${groups.filter((_, i) => i !== skip).join(' & ')})`).join(' | ');
  const any = [
    ...new Set(words.flatMap((w) => [asTyped(w), ...w.corrections, ...(w.splits ?? []).flat(), ...(w.joined ?? [])])),
  ].join(' | ');
  const original = words.map(asTyped).join(' & ');
  const phrase = words.map((w) => w.corrections[0] ?? w.word).join(' ');
  const alternatives = [
    ...new Set(words.flatMap((w, i) => [...(w.splits ?? []).map((s) => splitText(s, '<->')), ...(i + 1 < words.length ? (w.joined ?? []) : [])])),
  ].join(' | ');
  return { all, relaxed, any, original, phrase, alternatives };
}
