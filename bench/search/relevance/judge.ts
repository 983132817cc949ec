/**
 * The judging rules of the relevance set (pure functions): how text is compared, and which products are relevant to a
 * query of each class. See README.md next to this file for the rules in prose.
 */

/** A catalog product as the judge sees it. */
export interface JudgedProduct {
  sku: string;
  title: string;
  brand: string;
  categoryPath: readonly string[];
  tags: readonly string[];
}

/** The query classes of the set. */
export type QueryClass = 'exact' | 'partial' | 'category' | 'brand-colour' | 'typo';

/** Lower case, accents folded, `&` and other punctuation as word breaks. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * A crude English singular, enough to compare nouns: "cases" → "case", "boxes" → "box", "doilies" → "doily",
 * "patches" → "patch"; words ending in ss/us/is/as ("glass", "christmas") and words of 3 letters or fewer are kept.
 */
export function fold(word: string): string {
  if (word.length <= 3 || /(ss|us|is|as)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x|z|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The folded words of a text, as a set. */
export function wordSet(text: string): Set<string> {
  return new Set(words(text).map(fold));
}

/** Words that never decide relevance (dropped from the required words of a query). */
export const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'for', 'with', 'w', 'to', 'or', 'by', 'from']);

/** The words a query requires: its folded words without stop words. */
export function requiredWords(query: string): string[] {
  return [...new Set(words(query).filter((w) => !STOP_WORDS.has(w)).map(fold))];
}

const contains = (set: Set<string>, required: readonly string[]) => required.every((w) => set.has(w));

/**
 * The relevant products of a clean query of a class:
 * - exact: the products whose title has exactly the query's words (same folded word set);
 * - partial: the products whose title contains every required word;
 * - category: every required word in the title or the category names, and the last word (the head noun) in the title;
 * - brand-colour: every required word in the title, the brand name or the tags, and the last word (the noun) in the title.
 * Typo'd queries take the relevant set of the clean query they were made from.
 */
export function judge(cls: Exclude<QueryClass, 'typo'>, query: string, catalog: readonly JudgedProduct[]): string[] {
  const required = requiredWords(query);
  const head = required.at(-1);
  if (!head) return [];
  const out: string[] = [];
  for (const p of catalog) {
    const title = wordSet(p.title);
    let ok: boolean;
    switch (cls) {
      case 'exact': {
        const own = new Set(words(p.title).filter((w) => !STOP_WORDS.has(w)).map(fold));
        ok = own.size === required.length && contains(own, required);
        break;
      }
      case 'partial':
        ok = contains(title, required);
        break;
      case 'category':
        ok = title.has(head) && contains(new Set([...title, ...wordSet(p.categoryPath.join(' '))]), required);
        break;
      case 'brand-colour':
        ok = title.has(head) && contains(new Set([...title, ...wordSet(p.brand), ...p.tags.flatMap((t) => words(t).map(fold))]), required);
        break;
    }
    if (ok) out.push(p.sku);
  }
  return out.sort();
}
