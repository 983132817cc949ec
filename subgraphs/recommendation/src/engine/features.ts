/**
 * Product attributes as typed arrays for content-based scoring. The recommendation subgraph keeps its own copy of
 * the attributes (from `product.upserted` and `price.changed` events, or the demo seed); the evaluation builds the
 * same arrays from the data set.
 */

/** What content-based scoring knows about one product. */
export interface ProductAttributes {
  /** Category names from the root to the leaf, e.g. ['Kitchen & Dining', 'Tableware']. */
  categoryPath: readonly string[];
  /** Brand or range; null (or a generic house brand) carries no taste signal. */
  brand: string | null;
  tags: readonly string[];
  /** Regular unit price in GBP pence, null when unknown. */
  priceMinor: number | null;
}

/** Brands that say nothing about taste: the demo data's house brand for products naming no range. */
export const GENERIC_BRANDS: readonly string[] = ['Emporium Essentials'];

/** Upper bounds (GBP pence, exclusive) of the price bands 0…4; band 5 is everything from £25. */
export const PRICE_BAND_LIMITS: readonly number[] = [100, 250, 500, 1_000, 2_500];
/** Number of price bands. */
export const PRICE_BANDS = PRICE_BAND_LIMITS.length + 1;

/** The price band of a GBP pence price (0 = under £1 … 5 = £25 and more), −1 when unknown. */
export function priceBand(priceMinor: number | null | undefined): number {
  if (priceMinor == null || !(priceMinor > 0)) return -1;
  let b = 0;
  while (b < PRICE_BAND_LIMITS.length && priceMinor >= PRICE_BAND_LIMITS[b]!) b++;
  return b;
}

/** Dense, typed encodings of n products' attributes; ids are −1 when a product has no value. */
export interface ItemFeatures {
  n: number;
  /** Leaf category id (the full path). */
  leaf: Int32Array;
  /** Top-level category id. */
  top: Int32Array;
  /** Brand id; −1 for none or a generic brand. */
  brand: Int32Array;
  /** Price band (see {@link priceBand}). */
  band: Int8Array;
  /** Tags of item i are `tags[tagOffsets[i] … tagOffsets[i+1])`. */
  tagOffsets: Int32Array;
  tags: Int32Array;
  /** Number of distinct values per feature. */
  dims: { leaf: number; top: number; brand: number; tag: number };
}

/** Encodes attribute records (item i = `attrs[i]`); the string → id dictionaries are local to this call. */
export function encodeFeatures(attrs: readonly ProductAttributes[]): ItemFeatures {
  const n = attrs.length;
  const dict = () => {
    const m = new Map<string, number>();
    return { m, id: (s: string) => m.get(s) ?? (m.set(s, m.size), m.size - 1) };
  };
  const leafs = dict();
  const tops = dict();
  const brands = dict();
  const tagDict = dict();
  const leaf = new Int32Array(n).fill(-1);
  const top = new Int32Array(n).fill(-1);
  const brand = new Int32Array(n).fill(-1);
  const band = new Int8Array(n);
  const tagOffsets = new Int32Array(n + 1);
  const tagList: number[] = [];
  attrs.forEach((a, i) => {
    if (a.categoryPath.length > 0) {
      leaf[i] = leafs.id(a.categoryPath.join(' > '));
      top[i] = tops.id(a.categoryPath[0]!);
    }
    if (a.brand && !GENERIC_BRANDS.includes(a.brand)) brand[i] = brands.id(a.brand);
    band[i] = priceBand(a.priceMinor);
    for (const t of new Set(a.tags)) tagList.push(tagDict.id(t));
    tagOffsets[i + 1] = tagList.length;
  });
  return {
    n,
    leaf,
    top,
    brand,
    band,
    tagOffsets,
    tags: Int32Array.from(tagList),
    dims: { leaf: leafs.m.size, top: tops.m.size, brand: brands.m.size, tag: tagDict.m.size },
  };
}
