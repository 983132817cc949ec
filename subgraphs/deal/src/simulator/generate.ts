import { createHash } from 'node:crypto';
import { gtinCheckDigit } from '@emporium/kit';
import { gtinForStockCode, type RetailProduct } from '@emporium/retail-data';

/**
 * The merchant-feed simulator's data (README: simulator): realistic deal feeds for a product catalog, with the faults
 * real feeds have, deterministic from a seed. Every merchant is fictional and labelled "(simulated)".
 */

/** A catalog product the simulator writes offers for. */
export interface SimProduct {
  id: string;
  title: string;
  description: string;
  brand: string | null;
  category: string;
  /** Typical price in GBP pence. */
  priceMinor: number;
  /** The catalog's GTIN (the demo catalog: retail-data's synthetic one); absent in the large synthetic catalogs. */
  gtin?: string | null;
}

/** Faults a simulated row can carry; the ground truth lists them per row. */
export type SimFault =
  | 'inflatedOriginal' // originalPrice far above the product's typical price (the stated saving is arithmetically right)
  | 'wrongDiscount' // the title states a saving the prices do not give
  | 'expired' // expiresAt in the past
  | 'malformed' // not readable (broken JSON, wrong CSV field count)
  | 'missingField' // a required field left empty
  | 'nonPositivePrice' // price 0 or negative
  | 'shortTitle' // title under 10 characters
  | 'missingDescription' // empty description
  | 'duplicate'; // the same row again (same id)

/** Faults that make a row invalid (the others leave it valid). */
export const HARD_FAULTS: ReadonlySet<SimFault> = new Set(['malformed', 'missingField', 'nonPositivePrice', 'shortTitle', 'missingDescription', 'wrongDiscount']);

/** How a merchant's feed endpoint behaves. */
export interface SimBehaviour {
  /** Delay before answering, in ms. */
  delayMs?: number;
  /** The first N requests get 503. */
  failFirst?: number;
  /** Every request gets 500. */
  alwaysFail?: boolean;
  /** Never answers (the fetcher's timeout must end it). */
  hang?: boolean;
}

/** A simulated merchant profile. */
export interface SimMerchantProfile {
  slug: string;
  name: string;
  reputation: number;
  format: 'jsonl' | 'csv';
  /** Share of the catalog the merchant lists. */
  coverage: number;
  /** Probability of each fault per row. */
  faults: Partial<Record<SimFault, number>>;
  /** Whether rows carry a GTIN (derived deterministically from the product). */
  gtin: boolean;
  behaviour: SimBehaviour;
  /** Title rewording style. */
  style: 'plain' | 'shouty' | 'marketing' | 'terse' | 'reordered';
}

/** The default cast: honest, inflating, sloppy, clearance, low-reputation, slow, flaky and failing merchants. */
export const DEFAULT_PROFILES: readonly SimMerchantProfile[] = [
  { slug: 'honest-homewares', name: 'Honest Homewares (simulated)', reputation: 0.92, format: 'jsonl', coverage: 0.55, faults: {}, gtin: true, behaviour: {}, style: 'plain' },
  { slug: 'bargain-barn', name: 'Bargain Barn (simulated)', reputation: 0.74, format: 'csv', coverage: 0.5, faults: { inflatedOriginal: 0.6, expired: 0.05 }, gtin: false, behaviour: {}, style: 'marketing' },
  { slug: 'deal-dash', name: 'Deal Dash (simulated)', reputation: 0.81, format: 'jsonl', coverage: 0.5, faults: { wrongDiscount: 0.3, malformed: 0.06, missingField: 0.05, shortTitle: 0.04, nonPositivePrice: 0.03 }, gtin: false, behaviour: {}, style: 'shouty' },
  { slug: 'clearance-corner', name: 'Clearance Corner (simulated)', reputation: 0.68, format: 'csv', coverage: 0.45, faults: { expired: 0.35, malformed: 0.05, missingDescription: 0.05 }, gtin: true, behaviour: {}, style: 'reordered' },
  { slug: 'shady-shop', name: 'Shady Shop (simulated)', reputation: 0.41, format: 'jsonl', coverage: 0.35, faults: { inflatedOriginal: 0.5 }, gtin: false, behaviour: {}, style: 'marketing' },
  { slug: 'slow-sale', name: 'Slow Sale (simulated)', reputation: 0.86, format: 'jsonl', coverage: 0.3, faults: {}, gtin: false, behaviour: { delayMs: 200 }, style: 'terse' },
  { slug: 'flaky-finds', name: 'Flaky Finds (simulated)', reputation: 0.83, format: 'csv', coverage: 0.3, faults: { expired: 0.05 }, gtin: false, behaviour: { failFirst: 2 }, style: 'plain' },
  { slug: 'gone-gadgets', name: 'Gone Gadgets (simulated)', reputation: 0.9, format: 'jsonl', coverage: 0.3, faults: {}, gtin: false, behaviour: { alwaysFail: true }, style: 'plain' },
];

/** A generated feed row plus what the simulator knows about it. */
export interface SimRow {
  /** The row as the feed serves it (null for a malformed row, which is served as `raw`). */
  record: Record<string, string> | null;
  /** The exact text of a malformed row. */
  raw: string | null;
  truth: { merchant: string; offerId: string; productId: string; faults: SimFault[] };
}

/** Mulberry32: a small, fast, seedable PRNG (uniform [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedOf = (...parts: (string | number)[]) => createHash('sha1').update(parts.join('|')).digest().readUInt32LE(0);

/**
 * A GTIN-13 derived from a product id (prefix 50, the UK), with a valid check digit: for products of catalogs without
 * GTINs (the large synthetic ones); offers for a catalog product that has a GTIN carry that one.
 */
export function gtinFor(productId: string): string {
  const digits = String(createHash('sha1').update(`gtin:${productId}`).digest().readBigUInt64LE(0) % 10_000_000_000n).padStart(10, '0');
  const body = `50${digits}`.slice(0, 12);
  return `${body}${gtinCheckDigit(body)}`;
}

const SYNONYMS: Record<string, string[]> = {
  holder: ['stand', 'holder'],
  large: ['big', 'XL', 'large'],
  small: ['mini', 'little', 'small'],
  vintage: ['retro', 'antique-style', 'vintage'],
  bag: ['tote', 'bag'],
  set: ['pack', 'set'],
  hanging: ['hanging', 'to hang'],
  heart: ['heart', 'love heart'],
  decoration: ['decor', 'ornament', 'decoration'],
  box: ['box', 'container'],
  light: ['lamp', 'light'],
  colour: ['color', 'colour'],
  christmas: ['xmas', 'Christmas'],
  and: ['&', 'and'],
};

const BLURBS = ['A customer favourite.', 'Perfect as a gift.', 'Brightens up any room.', 'Great value for money.', 'Limited stock available.', 'Ships within two days.', 'Quality you can trust.', ''];
const MARKETING = ['Sale:', 'Hot deal -', 'Today only:', 'Clearance:', 'Limited stock!'];
const SUFFIXES = ['- free delivery', '| bestseller', '(while stocks last)', '- gift idea', ''];

const titleCase = (s: string) => s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());

/** Rewords a catalog title the way a merchant would (synonyms, order, case, marketing words). */
export function rewordTitle(title: string, style: SimMerchantProfile['style'], rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let words = title.split(/\s+/).filter(Boolean).map((w) => {
    const options = SYNONYMS[w.toLowerCase()];
    return options && rand() < 0.6 ? pick(options) : w;
  });
  if (style === 'reordered' && words.length > 2) words = [...words.slice(1), words[0]!];
  if (style === 'terse') words = words.filter((w) => !/^(of|the|with|for|&|and)$/i.test(w));
  let out = words.join(' ');
  if (style === 'shouty') out = out.toUpperCase();
  else if (style === 'plain' || style === 'reordered' || style === 'terse') out = titleCase(out);
  if (style === 'marketing') out = `${pick(MARKETING)} ${titleCase(out)} ${pick(SUFFIXES)}`.trim();
  return out;
}

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
const DAY = 86_400_000;

/**
 * The rows of one merchant's feed: it lists `coverage` of the catalog (a deterministic, merchant-specific sample, so
 * the same product appears at several merchants), rewords titles and descriptions, prices each offer around the
 * product's typical price with a 10–45% saving, and injects the profile's faults.
 */
export function merchantRows(profile: SimMerchantProfile, products: readonly SimProduct[], opts: { seed: number; now: Date }): SimRow[] {
  const rand = prng(seedOf(opts.seed, profile.slug));
  const prefix = profile.slug.split('-').map((w) => w[0]!.toUpperCase()).join('');
  const rows: SimRow[] = [];
  products.forEach((p, index) => {
    if (prng(seedOf(opts.seed, profile.slug, p.id))() >= profile.coverage) return;
    const offerId = `${prefix}-${String(index + 1).padStart(6, '0')}`;
    // At most one fault that makes the row invalid (so the ground truth says exactly why it must be rejected), plus
    // any of the soft ones (inflated original price, expired).
    const drawn = (Object.entries(profile.faults) as [SimFault, number][]).filter(([, prob]) => rand() < prob).map(([f]) => f);
    const hard = drawn.find((f) => HARD_FAULTS.has(f));
    const faults = drawn.filter((f) => !HARD_FAULTS.has(f) || f === hard);
    if (faults.includes('malformed')) {
      const raw =
        profile.format === 'jsonl'
          ? `{"id": "${offerId}", "title": "${p.title.replace(/"/g, '')}", "price": 12.5,`
          : `${offerId},"${p.title.replace(/"/g, '')}",oops`;
      rows.push({ record: null, raw, truth: { merchant: profile.slug, offerId, productId: p.id, faults: ['malformed'] } });
      return;
    }
    const typical = Math.max(50, p.priceMinor);
    const original = faults.includes('inflatedOriginal')
      ? Math.round(typical * (1.6 + rand() * 1.4))
      : Math.round(typical * (0.95 + rand() * 0.1));
    const saving = 0.1 + rand() * 0.35;
    let price = Math.max(1, Math.round(original * (1 - saving)));
    const computed = Math.floor(((original - price) * 100) / original);
    let title = rewordTitle(p.title, profile.style, rand);
    if (faults.includes('wrongDiscount')) title = `${title} - save ${Math.min(90, computed + 15 + Math.floor(rand() * 30))}%`;
    else if (rand() < 0.3) title = `${title} - ${computed}% off`;
    if (faults.includes('shortTitle')) title = title.replace(/\s.*$/, '').slice(0, 8);
    else if ([...title].length < 10 && !hard) faults.push('shortTitle'); // some catalog titles are short to begin with
    if (faults.includes('nonPositivePrice')) price = rand() < 0.5 ? 0 : -price;
    const expiresAt = faults.includes('expired')
      ? new Date(opts.now.getTime() - (1 + Math.floor(rand() * 10)) * DAY)
      : new Date(opts.now.getTime() + (3 + Math.floor(rand() * 27)) * DAY);
    // Some merchants copy the catalog text, others write their own around a reworded title.
    const description = faults.includes('missingDescription')
      ? ''
      : rand() < 0.4
        ? `${p.description} ${rand() < 0.5 ? `Sold by ${profile.name.replace(' (simulated)', '')}.` : 'Fast UK delivery.'}`
        : `${rewordTitle(p.title, 'plain', rand)}. ${BLURBS[Math.floor(rand() * BLURBS.length)]} Filed under ${p.category.split(' > ').at(-1)}.`;
    const record: Record<string, string> = {
      id: offerId,
      title,
      description,
      brand: p.brand ?? '',
      gtin: profile.gtin ? (p.gtin ?? gtinFor(p.id)) : '',
      category: p.category,
      price: price < 0 ? `-${money(-price)}` : money(price),
      originalPrice: money(original),
      currency: 'GBP',
      url: `https://${profile.slug}.example/deals/${offerId}`,
      couponCode: rand() < 0.2 ? `SAVE${Math.floor(rand() * 90 + 10)}` : '',
      terms: rand() < 0.3 ? 'While stocks last. One per customer.' : '',
      expiresAt: expiresAt.toISOString(),
      imageUrl: `https://${profile.slug}.example/img/${offerId}.jpg`,
    };
    if (faults.includes('missingField')) record[rand() < 0.5 ? 'url' : 'currency'] = '';
    rows.push({ record, raw: null, truth: { merchant: profile.slug, offerId, productId: p.id, faults } });
  });
  // A repeated row, as feeds exported from several sources have: same id, same content.
  const repeat = rows.find((r) => r.record !== null && r.truth.faults.length === 0);
  if (repeat && rows.length >= 10) rows.push({ ...repeat, truth: { ...repeat.truth, faults: ['duplicate'] } });
  return rows;
}

export const FEED_COLUMNS = ['id', 'title', 'description', 'brand', 'gtin', 'category', 'price', 'originalPrice', 'currency', 'url', 'couponCode', 'terms', 'expiresAt', 'imageUrl'] as const;

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Serialises rows as the profile's format (JSON Lines or CSV with a header; empty values are omitted / empty). */
export function renderFeed(rows: readonly SimRow[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') {
    return rows
      .map((r) => r.raw ?? JSON.stringify(Object.fromEntries(Object.entries(r.record!).filter(([, v]) => v !== ''))))
      .join('\n')
      .concat('\n');
  }
  const lines = [FEED_COLUMNS.join(',')];
  for (const r of rows) lines.push(r.raw ?? FEED_COLUMNS.map((c) => csvCell(r.record![c] ?? '')).join(','));
  return lines.join('\n').concat('\n');
}

/**
 * Catalog products of the Online Retail data set as simulator input (category path joined with ' > ', the GTIN the
 * product seed stores: retail-data's synthetic one for the stock code).
 */
export function simProductsFromRetail(products: readonly RetailProduct[]): SimProduct[] {
  return products.map((p) => ({
    id: p.id,
    title: p.title,
    description: p.description,
    brand: p.brand,
    category: p.categoryPath.join(' > '),
    priceMinor: p.unitPriceMinor,
    gtin: gtinForStockCode(p.sku),
  }));
}
