import { brandFor, HOUSE_BRAND } from '../brands.ts';
import { fnv1a32 } from '../stock.ts';
import { tagsFor } from '../tags.ts';
import { createPrng, type Prng } from './prng.ts';
import { categoryPathFor, END, START, type Vocabulary } from './vocabulary.ts';

/** One generated catalog line, in the fields `pnpm catalog:import` reads. */
export interface GeneratedProduct {
  sku: string;
  title: string;
  description: string;
  brand: string;
  /** "Top > Child" or "Top > Child > Head noun". */
  category: string;
  /** Major units with two decimals, e.g. "3.95". */
  price: string;
  currency: 'GBP';
  stock: number;
  images: string[];
  tags: string[];
}

export interface GenerateOptions {
  /** Number of products. */
  count: number;
  /** PRNG seed (any text); the same seed and vocabulary give the same catalog. Default 'emporium'. */
  seed?: string;
  /** SKU prefix (default 'G'): SKUs are the prefix and the 1-based index padded to 7 digits, e.g. G0000001. */
  skuPrefix?: string;
  /** Number of generated brand names besides the real ranges and the house brand (default 400). */
  brands?: number;
}

const SIZES: readonly (readonly [label: string, priceFactor: number])[] = [
  ['Mini', 0.6], ['Small', 0.8], ['Medium', 1], ['Large', 1.4], ['Jumbo', 1.9], ['Set of 3', 2.5], ['Set of 6', 4.2],
  ['Set of 12', 7.5], ['10cm', 0.8], ['20cm', 1.1], ['30cm', 1.5],
];
const BRAND_SUFFIXES = ['& Co', 'Home', 'Living', 'Studio', 'Crafts', 'Design', 'Trading', 'Collection', 'Makers', 'House'];
const OPENERS = [
  'From the {brand} range', 'Part of our {category} collection', 'A {brand} design', 'Made for the {category} shelf',
  'Designed in the UK by {brand}',
];
const DETAILS = [
  'finished in {colour}', 'made of {material}', 'with a {material} finish', 'in soft {colour} tones',
  'hand-finished {material}', 'gift boxed', 'sold individually', 'ideal as a gift',
];

/** Log-uniform index in [0, n): small indexes are much more likely (a few brands are large, most small). */
function zipf(rng: Prng, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(n ** rng.next()) - 1));
}

/** A title from the real bigrams: a walk from START, 2–8 words, ending where a real title ended. */
function markovTitle(rng: Prng, vocab: Vocabulary): string[] {
  for (let attempt = 0; attempt < 8; attempt++) {
    const words: string[] = [];
    let w = START;
    while (words.length < 8) {
      const options = vocab.next.get(w);
      if (!options) break;
      w = rng.pick(options);
      if (w === END) break;
      words.push(w);
    }
    if (words.length >= 2 && w === END) return words;
  }
  return [...rng.pick(vocab.titles)];
}

/** A real title varied: a word swapped for another that follows the same word in real titles, a colour or a size. */
function variedTitle(rng: Prng, vocab: Vocabulary): { words: string[]; sizeFactor: number } {
  const words = [...rng.pick(vocab.titles)];
  if (words.length > 2 && rng.chance(0.5)) {
    const i = 1 + rng.int(words.length - 2);
    const options = vocab.next.get(words[i - 1]!)?.filter((x) => x !== END);
    if (options && options.length > 0) words[i] = rng.pick(options);
  }
  const colour = words.findIndex((x) => vocab.colours.some((c) => c.toLowerCase() === x.toLowerCase()));
  if (colour >= 0 && rng.chance(0.6)) words[colour] = rng.pick(vocab.colours);
  else if (colour < 0 && rng.chance(0.35)) words.unshift(rng.pick(vocab.colours));
  if (rng.chance(0.15)) words.unshift(rng.pick(vocab.materials));
  let sizeFactor = 1;
  if (rng.chance(0.3)) {
    const [label, factor] = rng.pick(SIZES);
    words.push(label.includes(' ') || /\d/.test(label) ? `(${label})` : label);
    sizeFactor = factor;
  }
  return { words, sizeFactor };
}

function fill(template: string, v: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => v[k] ?? '');
}

/** Price in pence drawn from the real prices of the category (else all), scaled by size and jittered ±15 %. */
function priceFor(rng: Prng, vocab: Vocabulary, category: string, sizeFactor: number): number {
  const pool = vocab.prices.get(category) ?? vocab.allPrices;
  const base = rng.pick(pool) * sizeFactor * (0.85 + rng.next() * 0.3);
  const pence = base >= 100 ? Math.round(base / 5) * 5 : Math.round(base);
  return Math.max(1, pence);
}

/** Stock from the SKU's hash: ~5 % out of stock, ~10 % low (1–9), the rest 10–5,000 (log-uniform). */
export function generatedStock(sku: string): number {
  const h = fnv1a32(sku);
  if (h % 100 < 5) return 0;
  if (h % 100 < 15) return 1 + ((h >>> 8) % 9);
  return Math.round(10 * 500 ** (((h >>> 12) % 10_000) / 10_000));
}

/**
 * Generates a large realistic catalog from the real data's vocabulary, lazily (constant memory for millions of lines).
 * Each product: a title that is either a real title varied (60 %: a word swapped for a real successor, colour,
 * material, size) or a walk over real title bigrams (40 %); the category from the real keyword rules (plus the head
 * noun as a third level when it is common in that category); the brand from the real range rules, else a generated
 * brand (Zipf-distributed, so a few are large) or the house brand; the price from the real prices of that category;
 * stock from the SKU hash; tags from the real tag rules; a templated description; one placeholder image.
 */
export function* generateCatalog(vocab: Vocabulary, opts: GenerateOptions): Generator<GeneratedProduct> {
  const rng = createPrng(opts.seed ?? 'emporium');
  const prefix = opts.skuPrefix ?? 'G';
  const brandCount = Math.max(1, opts.brands ?? 400);
  const brands: string[] = [];
  const seen = new Set<string>();
  for (let tries = 0; brands.length < brandCount && tries < brandCount * 20; tries++) {
    const name = `${rng.pick(vocab.brandWords.length > 0 ? vocab.brandWords : ['Emporium'])} ${rng.pick(BRAND_SUFFIXES)}`;
    if (!seen.has(name)) {
      seen.add(name);
      brands.push(name);
    }
  }
  for (let i = 1; i <= opts.count; i++) {
    const sku = `${prefix}${String(i).padStart(7, '0')}`;
    const varied = rng.chance(0.6) ? variedTitle(rng, vocab) : { words: markovTitle(rng, vocab), sizeFactor: 1 };
    const title = varied.words.join(' ');
    const path = categoryPathFor(vocab, title);
    const ranged = brandFor(title);
    const brand = ranged !== HOUSE_BRAND ? ranged : rng.chance(0.2) ? HOUSE_BRAND : brands[zipf(rng, brands.length)]!;
    const price = priceFor(rng, vocab, path.slice(0, 2).join(' > '), varied.sizeFactor);
    const vars = { brand, category: (path[path.length - 1] ?? '').toLowerCase(), colour: rng.pick(vocab.colours).toLowerCase(), material: rng.pick(vocab.materials).toLowerCase() };
    const description = `${fill(rng.pick(OPENERS), vars)}, ${fill(rng.pick(DETAILS), vars)}. ${title}${rng.chance(0.5) ? `, ${fill(rng.pick(DETAILS), vars)}` : ''}.`;
    yield {
      sku,
      title,
      description,
      brand,
      category: path.join(' > '),
      price: (price / 100).toFixed(2),
      currency: 'GBP',
      stock: generatedStock(sku),
      images: [`/images/placeholder/${sku.toLowerCase()}.svg`],
      tags: tagsFor(title),
    };
  }
}
