import { buildTfidf, cosine, ngramFeatures, titleAttributes, tokenize, type TfidfMatrix } from './features.ts';

/**
 * Duplicate detection across merchants (README: duplicate detection).
 *
 * 1. Features: TF-IDF over word unigrams + bigrams of title (counted twice) and description ({@link buildTfidf}).
 * 2. Candidates (never all pairs): MinHash-LSH over the title's unigram + bigram set — `bands` × `rows` min-hashes,
 *    one 32-bit key per band; offers sharing a band key are candidates. Each band is one sort of a Float64Array of
 *    (key, index) pairs. A bucket larger than `maxBucket` (a very common title) only pairs each offer with its
 *    `window` nearest neighbours by price.
 * 3. Similarity of a candidate pair: `textWeight` × cosine(TF-IDF) + `priceWeight` × min(p, q) / max(p, q) (0 across
 *    currencies), × `conflictPenalty` when both titles name colours and share none, or both contain numbers and
 *    the number sets differ (variants: "red" vs "blue", "set of 3" vs "set of 6"), × `brandPenalty` when both have a
 *    brand and the brands differ.
 * 4. Clusters, DBSCAN-like: ε = 1 − threshold and minPts = 2 — offers with a neighbour (similarity ≥ threshold) are
 *    core points and groups grow along neighbour links; offers without neighbours stay singletons. Links are applied
 *    strongest first (Kruskal order) under one cannot-link rule: a group never holds two offers of the same merchant
 *    (a merchant lists a product once), which stops single-linkage chains through near-identical variants.
 */
export interface DedupeParams {
  /** Combined similarity at or above which two offers are neighbours (chosen on labelled data: see README). */
  threshold: number;
  textWeight: number;
  priceWeight: number;
  brandPenalty: number;
  conflictPenalty: number;
  /** The cannot-link rule: a group holds at most one offer per merchant. */
  oneOfferPerMerchant: boolean;
  bands: number;
  rows: number;
  maxBucket: number;
  window: number;
  seed: number;
}

/** Defaults; `threshold` was chosen by the sweep in bench/deals/dedupe-quality.md. */
export const DEFAULT_DEDUPE: DedupeParams = {
  threshold: 0.65,
  textWeight: 0.85,
  priceWeight: 0.15,
  brandPenalty: 0.7,
  conflictPenalty: 0.6,
  oneOfferPerMerchant: true,
  bands: 24,
  rows: 2,
  maxBucket: 24,
  window: 6,
  seed: 0x5eed,
};

/** An offer as the detector reads it (the command line takes the same fields as JSON Lines). */
export interface DedupeOffer {
  id: string;
  merchant: string;
  title: string;
  description: string | null;
  brand: string | null;
  /** Any consistent unit (minor units or decimal) — only ratios are used. */
  price: number;
  currency: string;
}

/** Compact per-offer data the detector keeps (typed arrays, indexable by offer number). */
export interface DedupeIndex {
  n: number;
  tfidf: TfidfMatrix;
  /** n × bands band keys (offer-major: offer i's keys are `bandKeys[i * bands + b]`). */
  bandKeys: Uint32Array;
  bands: number;
  price: Float64Array;
  currency: Int32Array;
  merchant: Int32Array;
  /** 0 = no brand. */
  brand: Int32Array;
  /** Colour bit mask of the title (0 = none named). */
  colours: Int32Array;
  /** Hash of the title's number set (0 = no numbers). */
  numbers: Uint32Array;
}

function interner() {
  const ids = new Map<string, number>();
  return (s: string) => {
    let id = ids.get(s);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(s, id);
    }
    return id;
  };
}

/** Mixes a 32-bit value (murmur3 finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Lets timers and I/O run between slices of a long computation (the subgraph keeps answering requests). */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Builds the index: features, TF-IDF, MinHash band keys (yielding to the event loop every 2,000 offers).
 * `onProgress(done, total)` is called every 50 000 offers.
 */
export async function buildIndex(
  offers: readonly DedupeOffer[],
  params: DedupeParams = DEFAULT_DEDUPE,
  onProgress?: (done: number, total: number) => void,
): Promise<DedupeIndex> {
  const n = offers.length;
  const k = params.bands * params.rows;
  const salts = new Uint32Array(k);
  for (let i = 0; i < k; i++) salts[i] = mix(params.seed + 0x9e3779b9 * (i + 1));
  const bandKeys = new Uint32Array(params.bands * n);
  const price = new Float64Array(n);
  const currency = new Int32Array(n);
  const merchant = new Int32Array(n);
  const brand = new Int32Array(n);
  const colours = new Int32Array(n);
  const numbers = new Uint32Array(n);
  const currencyId = interner();
  const merchantId = interner();
  const brandId = interner();
  const starts = new Int32Array(n + 1);
  let flat = new Int32Array(Math.max(1024, n * 48));
  let used = 0;
  const mins = new Uint32Array(k);
  const feats: number[] = [];
  const titleFeats: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = offers[i]!;
    const titleTokens = tokenize(o.title);
    titleFeats.length = 0;
    ngramFeatures(titleTokens, titleFeats);
    const attrs = titleAttributes(titleTokens);
    colours[i] = attrs.colours;
    numbers[i] = attrs.numbers;
    feats.length = 0;
    for (const f of titleFeats) feats.push(f, f); // title terms count twice
    ngramFeatures(tokenize(o.description ?? ''), feats);
    if (used + feats.length > flat.length) {
      const bigger = new Int32Array(Math.max(flat.length * 2, used + feats.length));
      bigger.set(flat.subarray(0, used));
      flat = bigger;
    }
    for (const f of feats) flat[used++] = f;
    starts[i + 1] = used;
    // MinHash of the title feature set; an offer without title words gets keys no other offer shares.
    mins.fill(0xffffffff);
    for (const f of titleFeats) {
      for (let h = 0; h < k; h++) {
        const v = mix(f ^ salts[h]!);
        if (v < mins[h]!) mins[h] = v;
      }
    }
    for (let b = 0; b < params.bands; b++) {
      let key = 0x811c9dc5;
      for (let r = 0; r < params.rows; r++) key = Math.imul(key ^ mins[b * params.rows + r]!, 0x01000193);
      bandKeys[i * params.bands + b] = titleFeats.length === 0 ? mix(i + 1) : key >>> 0;
    }
    price[i] = o.price;
    currency[i] = currencyId(o.currency.toUpperCase());
    merchant[i] = merchantId(o.merchant);
    const b = (o.brand ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '');
    brand[i] = b === '' ? 0 : brandId(b);
    if (onProgress && (i + 1) % 50_000 === 0) onProgress(i + 1, n);
    if (i % 2000 === 1999) await pause();
  }
  const tfidf = await buildTfidf(flat.subarray(0, used), starts, pause);
  return { n, tfidf, bandKeys, bands: params.bands, price, currency, merchant, brand, colours, numbers };
}

/** Combined similarity of two offers (see {@link DedupeParams}). */
export function similarity(index: DedupeIndex, a: number, b: number, params: DedupeParams = DEFAULT_DEDUPE): number {
  const text = cosine(index.tfidf, a, b);
  const pa = index.price[a]!;
  const pb = index.price[b]!;
  const priceSim = index.currency[a] === index.currency[b] && pa > 0 && pb > 0 ? Math.min(pa, pb) / Math.max(pa, pb) : 0;
  let s = params.textWeight * text + params.priceWeight * priceSim;
  if (index.brand[a] !== 0 && index.brand[b] !== 0 && index.brand[a] !== index.brand[b]) s *= params.brandPenalty;
  const ca = index.colours[a]!;
  const cb = index.colours[b]!;
  const na = index.numbers[a]!;
  const nb = index.numbers[b]!;
  if ((ca !== 0 && cb !== 0 && (ca & cb) === 0) || (na !== 0 && nb !== 0 && na !== nb)) s *= params.conflictPenalty;
  return s;
}

/** Union-find over offer numbers with path halving and union by size. */
export class UnionFind {
  readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return true;
  }
}

/** Counters of one detection (for reports and benchmarks). */
export interface DedupeStats {
  offers: number;
  /** Candidate pairs whose similarity was computed (each pair once, unless it is met again through an oversized bucket). */
  comparisons: number;
  /** Neighbour links that joined two groups. */
  links: number;
  /** Buckets larger than maxBucket (handled with the price window). */
  largeBuckets: number;
  groups: number;
}

/**
 * Visits the candidate pairs of the index band by band (each band: one numeric sort of key × 2^21 + index, so at
 * most 2^21 offers per call), yielding to the event loop every 20,000 offers scanned. A pair is visited once, in the
 * first band where it shares a bucket — unless that bucket was over `maxBucket` (then only price neighbours were
 * paired, and a later band may visit it again). `visit` decides what to do with the pair.
 */
export async function forEachCandidate(index: DedupeIndex, params: DedupeParams, visit: (a: number, b: number) => void, stats?: DedupeStats): Promise<void> {
  const n = index.n;
  if (n > 1 << 21) throw new RangeError(`at most ${1 << 21} offers per detection, got ${n}`);
  const bands = index.bands;
  const keys = index.bandKeys;
  /** large[i * bands + b]: offer i's bucket in band b was over maxBucket. */
  const large = new Uint8Array(n * bands);
  const packed = new Float64Array(n);
  const bucket: number[] = [];
  let band = 0;
  /** The pair shares a small bucket in an earlier band: it was visited there. */
  const seenBefore = (x: number, y: number) => {
    const ox = x * bands;
    const oy = y * bands;
    for (let e = 0; e < band; e++) if (keys[ox + e] === keys[oy + e] && large[ox + e] === 0) return true;
    return false;
  };
  const pair = (x: number, y: number) => {
    if (band === 0 || !seenBefore(x, y)) visit(x, y);
  };
  const flush = () => {
    const m = bucket.length;
    if (m < 2) return;
    if (m <= params.maxBucket) {
      for (let x = 0; x < m; x++) for (let y = x + 1; y < m; y++) pair(bucket[x]!, bucket[y]!);
      return;
    }
    if (stats) stats.largeBuckets++;
    for (const i of bucket) large[i * bands + band] = 1;
    bucket.sort((a, b) => index.price[a]! - index.price[b]! || a - b);
    for (let x = 0; x < m; x++) for (let y = x + 1; y < Math.min(m, x + 1 + params.window); y++) pair(bucket[x]!, bucket[y]!);
  };
  for (band = 0; band < bands; band++) {
    for (let i = 0; i < n; i++) packed[i] = keys[i * bands + band]! * 2097152 + i;
    packed.sort();
    let current = -1;
    bucket.length = 0;
    for (let i = 0; i < n; i++) {
      if (i % 20_000 === 19_999) await pause();
      const v = packed[i]!;
      const key = Math.floor(v / 2097152);
      const idx = v - key * 2097152;
      if (key !== current) {
        flush();
        bucket.length = 0;
        current = key;
      }
      bucket.push(idx);
    }
    flush();
  }
}

/**
 * Union-find whose groups hold at most one offer per merchant: {@link tryJoin} refuses a merge that would put two
 * offers of one merchant in a group (merchant sets are kept only for groups larger than one).
 */
export class MerchantGroups {
  private readonly uf: UnionFind;
  private readonly sets = new Map<number, Set<number>>();
  constructor(
    private readonly merchant: Int32Array,
    /** false: plain union-find (no cannot-link rule), for comparison. */
    private readonly constrained = true,
  ) {
    this.uf = new UnionFind(merchant.length);
  }
  find(x: number): number {
    return this.uf.find(x);
  }
  /** Joins the groups of a and b unless they are one group already or share a merchant; true when joined. */
  tryJoin(a: number, b: number): boolean {
    const ra = this.uf.find(a);
    const rb = this.uf.find(b);
    if (ra === rb) return false;
    if (!this.constrained) return this.uf.union(ra, rb);
    const sa = this.sets.get(ra) ?? new Set([this.merchant[ra]!]);
    const sb = this.sets.get(rb) ?? new Set([this.merchant[rb]!]);
    const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
    for (const m of small) if (large.has(m)) return false;
    this.uf.union(ra, rb);
    for (const m of small) large.add(m);
    this.sets.delete(ra);
    this.sets.delete(rb);
    this.sets.set(this.uf.find(ra), large);
    return true;
  }
  /** Offer numbers per group, every offer in exactly one group. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.merchant.length; i++) {
      const r = this.uf.find(i);
      const g = byRoot.get(r);
      if (g) g.push(i);
      else byRoot.set(r, [i]);
    }
    return [...byRoot.values()];
  }
}

/** Neighbour links (pairs at or above the threshold) in growable typed arrays. */
export class Links {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  sim = new Float32Array(1024);
  length = 0;
  push(a: number, b: number, sim: number): void {
    if (this.length === this.a.length) {
      const grow = <T extends Int32Array | Float32Array>(arr: T, make: (n: number) => T): T => {
        const next = make(arr.length * 2);
        next.set(arr);
        return next;
      };
      this.a = grow(this.a, (n) => new Int32Array(n));
      this.b = grow(this.b, (n) => new Int32Array(n));
      this.sim = grow(this.sim, (n) => new Float32Array(n));
    }
    this.a[this.length] = a;
    this.b[this.length] = b;
    this.sim[this.length] = sim;
    this.length++;
  }
  /** Link numbers ordered by similarity, strongest first (counting sort on 16-bit quantised similarity; stable). */
  strongestFirst(): Uint32Array {
    const BUCKETS = 65536;
    const q = (s: number) => BUCKETS - 1 - Math.min(BUCKETS - 1, Math.max(0, Math.floor(s * (BUCKETS - 1))));
    const counts = new Uint32Array(BUCKETS + 1);
    for (let i = 0; i < this.length; i++) counts[q(this.sim[i]!) + 1]!++;
    for (let k = 1; k <= BUCKETS; k++) counts[k]! += counts[k - 1]!;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[counts[q(this.sim[i]!)]!++] = i;
    return order;
  }
}

/** Applies links strongest first under the one-offer-per-merchant rule; returns the groups and how many links joined. */
export function clusterLinks(merchant: Int32Array, links: Links, constrained = true): { groups: number[][]; joined: number } {
  const mg = new MerchantGroups(merchant, constrained);
  let joined = 0;
  for (const i of links.strongestFirst()) if (mg.tryJoin(links.a[i]!, links.b[i]!)) joined++;
  return { groups: mg.groups(), joined };
}

/** Groups offers: every offer is in exactly one group (singletons included). Returns offer numbers per group. */
export async function detectGroups(index: DedupeIndex, params: DedupeParams = DEFAULT_DEDUPE): Promise<{ groups: number[][]; stats: DedupeStats }> {
  const stats: DedupeStats = { offers: index.n, comparisons: 0, links: 0, largeBuckets: 0, groups: 0 };
  const links = new Links();
  await forEachCandidate(
    index,
    params,
    (x, y) => {
      if (index.merchant[x] === index.merchant[y]) return;
      const a = Math.min(x, y);
      const b = Math.max(x, y);
      stats.comparisons++;
      const sim = similarity(index, a, b, params);
      // A pair seen again (through an oversized bucket) only repeats a link: joining it twice changes nothing.
      if (sim >= params.threshold) links.push(a, b, sim);
    },
    stats,
  );
  const { groups, joined } = clusterLinks(index.merchant, links, params.oneOfferPerMerchant);
  stats.links = joined;
  stats.groups = groups.length;
  return { groups, stats };
}

/** Groups of offer ids (each group's ids sorted; groups ordered by their first id): the detector in one call. */
export async function dedupe(offers: readonly DedupeOffer[], params: DedupeParams = DEFAULT_DEDUPE): Promise<{ groups: string[][]; stats: DedupeStats }> {
  const index = await buildIndex(offers, params);
  const { groups, stats } = await detectGroups(index, params);
  const out = groups.map((g) => g.map((i) => offers[i]!.id).sort());
  out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return { groups: out, stats };
}
