/**
 * Text features of offers for duplicate detection (README: duplicate detection): word unigrams and bigrams of title
 * and description, hashed into 2^22 buckets (no vocabulary map), weighted by sublinear TF × IDF and L2-normalised,
 * stored row-wise in typed arrays (CSR). Title terms count twice.
 */

/** Number of hashed feature buckets (2^22). */
export const FEATURE_BITS = 22;
const MASK = (1 << FEATURE_BITS) - 1;

/**
 * Words that say nothing about which product an offer is: function words and the marketing vocabulary of deal
 * feeds. Percentages and prices are removed before tokenising.
 */
const STOPWORDS = new Set(
  (
    'a an and the of for with in on at to by from or per is are it its this that your our you we ' +
    'sale deal deals hot today only limited stock stocks offer offers clearance free delivery fast uk bestseller ' +
    'gift idea ideas new save saving off discount now while last lasts customer favourite great value money ' +
    'quality trust ships within two days perfect brightens up any room filed under sold listed available'
  ).split(' '),
);

/** Spelling variants folded together (generic English, not tuned to any feed). */
const VARIANTS: Record<string, string> = { colour: 'color', colours: 'color', grey: 'gray', xmas: 'christmas', centre: 'center', jewellery: 'jewelry' };

/** Lower-cased, accent-free word tokens with stopwords, percentages and prices removed and a light plural stem. */
export function tokenize(text: string): string[] {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-+]?\d+(?:\.\d+)?\s*%/g, ' ')
    .replace(/[£$€]\s*\d+(?:\.\d+)?/g, ' ')
    .replace(/(\w)[-'’](\w)/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ');
  const out: string[] = [];
  for (let w of cleaned.split(' ')) {
    if (w === '' || STOPWORDS.has(w)) continue;
    w = VARIANTS[w] ?? w;
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    out.push(w);
  }
  return out;
}

/** FNV-1a 32-bit hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashed feature ids of a token list: every unigram and every bigram. */
export function ngramFeatures(tokens: readonly string[], out: number[] = []): number[] {
  for (let i = 0; i < tokens.length; i++) {
    out.push(fnv1a(tokens[i]!) & MASK);
    if (i + 1 < tokens.length) out.push(fnv1a(`${tokens[i]} ${tokens[i + 1]}`) & MASK);
  }
  return out;
}

/** Row-wise sparse TF-IDF vectors: row i is `terms/weights[offsets[i] .. offsets[i+1])`, terms ascending. */
export interface TfidfMatrix {
  rows: number;
  offsets: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
}

/**
 * Builds the TF-IDF matrix from per-offer feature lists given as one flat array (`flat`, with `starts` of length
 * n + 1). Weight = (1 + ln tf) × (ln((N + 1) / (df + 1)) + 1), each row L2-normalised.
 */
export async function buildTfidf(flat: Int32Array, starts: Int32Array, pause: () => Promise<void> = async () => {}): Promise<TfidfMatrix> {
  const n = starts.length - 1;
  const df = new Int32Array(1 << FEATURE_BITS);
  const offsets = new Int32Array(n + 1);
  // Pass 1: sort each row, count distinct terms and document frequencies.
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    if (i % 20_000 === 19_999) await pause();
    const row = flat.subarray(starts[i]!, starts[i + 1]!);
    row.sort();
    for (let k = 0; k < row.length; k++) {
      if (k === 0 || row[k] !== row[k - 1]) {
        df[row[k]!]!++;
        nnz++;
      }
    }
    offsets[i + 1] = nnz;
  }
  const terms = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  const logN1 = Math.log(n + 1);
  // Pass 2: weights.
  for (let i = 0; i < n; i++) {
    if (i % 20_000 === 19_999) await pause();
    const row = flat.subarray(starts[i]!, starts[i + 1]!);
    let p = offsets[i]!;
    let norm = 0;
    for (let k = 0; k < row.length; ) {
      const t = row[k]!;
      let tf = 0;
      while (k < row.length && row[k] === t) {
        tf++;
        k++;
      }
      const w = (1 + Math.log(tf)) * (logN1 - Math.log(df[t]! + 1) + 1);
      terms[p] = t;
      weights[p] = w;
      norm += w * w;
      p++;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let q = offsets[i]!; q < p; q++) weights[q]! *= inv;
  }
  return { rows: n, offsets, terms, weights };
}

/** Cosine similarity of two rows (both L2-normalised): a merge over their sorted terms. */
export function cosine(m: TfidfMatrix, a: number, b: number): number {
  let i = m.offsets[a]!;
  const iEnd = m.offsets[a + 1]!;
  let j = m.offsets[b]!;
  const jEnd = m.offsets[b + 1]!;
  let dot = 0;
  while (i < iEnd && j < jEnd) {
    const ti = m.terms[i]!;
    const tj = m.terms[j]!;
    if (ti === tj) {
      dot += m.weights[i]! * m.weights[j]!;
      i++;
      j++;
    } else if (ti < tj) i++;
    else j++;
  }
  return dot;
}

const COLOURS = ['red', 'blue', 'green', 'pink', 'white', 'black', 'yellow', 'purple', 'orange', 'brown', 'gray', 'silver', 'gold', 'ivory', 'cream', 'turquoise', 'lilac', 'beige', 'navy', 'teal'];
const COLOUR_BIT = new Map(COLOURS.map((c, i) => [c, 1 << i]));

/**
 * Attributes that tell variants apart when both offers state them: the colours named in the title (a bit mask) and
 * the numbers in it (a hash of the sorted set; 0 when none). Tokens come from {@link tokenize}.
 */
export function titleAttributes(tokens: readonly string[]): { colours: number; numbers: number } {
  let colours = 0;
  const numbers: string[] = [];
  for (const t of tokens) {
    colours |= COLOUR_BIT.get(t) ?? 0;
    if (/^\d+$/.test(t)) numbers.push(String(Number(t)));
  }
  const unique = [...new Set(numbers)].sort();
  return { colours, numbers: unique.length === 0 ? 0 : fnv1a(unique.join(' ')) || 1 };
}
