import { categorize } from '../categories.ts';
import { COLOUR_TAGS, MATERIAL_TAGS } from '../tags.ts';
import type { RetailProduct } from '../types.ts';

/** What the generator needs from a real product: its title, category, range, price and sales. */
export type SourceProduct = Pick<RetailProduct, 'title' | 'categoryPath' | 'brand' | 'unitPriceMinor' | 'unitsSold'>;

/** The real data's vocabulary, as the large-catalog generator samples it. */
export interface Vocabulary {
  /** Real titles, split into words. */
  titles: string[][];
  /** Word bigrams of real titles: word (or START) → following words (END ends a title), with repeats (frequency). */
  next: Map<string, string[]>;
  /** Real prices (pence) per "Top > Child" category, and all of them. */
  prices: Map<string, number[]>;
  allPrices: number[];
  /** Per "Top > Child": its most frequent head nouns (last title word), which become third-level categories. */
  heads: Map<string, Set<string>>;
  /** Colour and material words (title case) from the tag rules. */
  colours: string[];
  materials: string[];
  /** Words suitable for generated brand names (alphabetic, 4+ letters, from real titles). */
  brandWords: string[];
}

/** Marks the start and end of a title in {@link Vocabulary.next}. */
export const START = '^';
export const END = '$';
/** Head nouns per category that become third-level categories (at most this many, each seen at least 3 times). */
export const HEADS_PER_CATEGORY = 6;

const titleCaseWord = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** Builds the vocabulary from real products (the Online Retail catalog; any non-empty list works). */
export function buildVocabulary(products: readonly SourceProduct[]): Vocabulary {
  if (products.length === 0) throw new Error('buildVocabulary: no products');
  const titles: string[][] = [];
  const next = new Map<string, string[]>();
  const prices = new Map<string, number[]>();
  const allPrices: number[] = [];
  const headCounts = new Map<string, Map<string, number>>();
  const words = new Set<string>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const p of products) {
    const ws = p.title.split(/\s+/).filter(Boolean);
    if (ws.length === 0) continue;
    titles.push(ws);
    [START, ...ws].forEach((w, i, all) => push(next, w, all[i + 1] ?? END));
    const key = p.categoryPath.slice(0, 2).join(' > ');
    if (Number.isSafeInteger(p.unitPriceMinor) && p.unitPriceMinor > 0) {
      push(prices, key, p.unitPriceMinor);
      allPrices.push(p.unitPriceMinor);
    }
    const head = ws[ws.length - 1]!;
    if (/^[A-Za-z][A-Za-z-]{2,}$/.test(head)) {
      const counts = headCounts.get(key) ?? new Map<string, number>();
      counts.set(head, (counts.get(head) ?? 0) + 1);
      headCounts.set(key, counts);
    }
    for (const w of ws) if (/^[A-Za-z]{4,}$/.test(w)) words.add(titleCaseWord(w));
  }
  const heads = new Map<string, Set<string>>();
  for (const [key, counts] of headCounts) {
    const top = [...counts].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, HEADS_PER_CATEGORY);
    heads.set(key, new Set(top.map(([w]) => w)));
  }
  return {
    titles,
    next,
    prices,
    allPrices: allPrices.length > 0 ? allPrices : [100],
    heads,
    colours: COLOUR_TAGS.map(([t]) => titleCaseWord(t)).filter((c) => c !== 'Multicolour'),
    materials: MATERIAL_TAGS.map(([t]) => titleCaseWord(t)),
    brandWords: [...words].sort(),
  };
}

/** The category path the real rules give a title, with the head noun as a third level when it is a common one there. */
export function categoryPathFor(vocab: Vocabulary, title: string): string[] {
  const path = categorize(title);
  const words = title.split(/\s+/);
  const head = words[words.length - 1] ?? '';
  if (vocab.heads.get(path.join(' > '))?.has(head)) path.push(plural(titleCaseWord(head)));
  return path;
}

/** A naive English plural for category names ("Holder" → "Holders", "Box" → "Boxes", "Doily" → "Doilies"). */
export function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/i.test(word)) return /s$/i.test(word) ? word : `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}
