import { describe, expect, it } from 'vitest';
import { categorize } from '../src/categories.ts';
import { buildVocabulary, CSV_HEADER, generateCatalog, generatedStock, toCsvLine, toJsonLine, type SourceProduct } from '../src/index.ts';

/** A literal source catalog standing in for the real one (the rules are the real ones). */
const SOURCE: SourceProduct[] = [
  ['White Hanging Heart T-Light Holder', ['Home & Living', 'Candles & Lighting'], 255],
  ['Cream Hanging Heart T-Light Holder', ['Home & Living', 'Candles & Lighting'], 295],
  ['Red Hanging Heart T-Light Holder', ['Home & Living', 'Candles & Lighting'], 265],
  ['Zinc Heart T-Light Holder', ['Home & Living', 'Candles & Lighting'], 125],
  ['Jumbo Bag Red Retrospot', ['Bags & Accessories', 'Shopping Bags'], 195],
  ['Jumbo Bag Pink Polkadot', ['Bags & Accessories', 'Shopping Bags'], 195],
  ['Lunch Bag Spaceboy Design', ['Bags & Accessories', 'Shopping Bags'], 165],
  ['Paper Chain Kit 50s Christmas', ['Seasonal', 'Christmas'], 295],
].map(([title, categoryPath, unitPriceMinor]) => ({ title: title as string, categoryPath: categoryPath as string[], brand: 'x', unitPriceMinor: unitPriceMinor as number, unitsSold: 10 }));

const vocab = buildVocabulary(SOURCE);
const take = (count: number, seed = 'test') => [...generateCatalog(vocab, { count, seed, brands: 20 })];

describe('generateCatalog', () => {
  it('is deterministic per seed, and a smaller catalog is a prefix of a larger one', () => {
    expect(take(300)).toEqual(take(300));
    expect(take(500).slice(0, 300)).toEqual(take(300));
    expect(take(50, 'other')).not.toEqual(take(50));
  });

  it('produces valid, varied import lines from the real vocabulary and rules', () => {
    const items = take(2000);
    expect(new Set(items.map((p) => p.sku)).size).toBe(2000);
    expect(items[0]!.sku).toBe('G0000001');
    const words = new Set(SOURCE.flatMap((p) => p.title.toLowerCase().split(' ')));
    const extra = new Set([...vocab.colours, ...vocab.materials, 'mini', 'small', 'medium', 'large', 'jumbo', '(set', 'of', '3)', '6)', '12)', '(10cm)', '(20cm)', '(30cm)'].map((w) => w.toLowerCase()));
    for (const p of items) {
      for (const w of p.title.toLowerCase().split(' ')) expect(words.has(w) || extra.has(w)).toBe(true);
      expect(p.price).toMatch(/^\d+\.\d{2}$/);
      expect(Number(p.price)).toBeGreaterThan(0);
      expect(p.category.split(' > ').slice(0, 2)).toEqual(categorize(p.title));
      expect(p.stock).toBe(generatedStock(p.sku));
      expect(p.currency).toBe('GBP');
    }
    expect(new Set(items.map((p) => p.title)).size).toBeGreaterThan(100);
    expect(new Set(items.map((p) => p.brand)).size).toBeGreaterThan(10);
    // Third-level categories only for common head nouns ("Holder" appears 4 times in the source).
    expect(items.some((p) => p.category === 'Home & Living > Candles & Lighting > Holders')).toBe(true);
  });

  it('draws prices from the real prices of the category, scaled by size', () => {
    for (const p of take(500).filter((x) => x.category.startsWith('Bags & Accessories > Shopping Bags') && !/\(|Mini|Small|Medium|Large|Jumbo$/.test(x.title))) {
      const pence = Math.round(Number(p.price) * 100);
      expect(pence).toBeGreaterThanOrEqual(Math.floor(165 * 0.85) - 5);
      expect(pence).toBeLessThanOrEqual(Math.ceil(195 * 1.15) + 5);
    }
  });

  it('stock: about 5 % out of stock and 10 % low', () => {
    const stock = Array.from({ length: 20_000 }, (_, i) => generatedStock(`G${String(i).padStart(7, '0')}`));
    const zero = stock.filter((s) => s === 0).length / stock.length;
    const low = stock.filter((s) => s > 0 && s < 10).length / stock.length;
    expect(zero).toBeGreaterThan(0.04);
    expect(zero).toBeLessThan(0.06);
    expect(low).toBeGreaterThan(0.08);
    expect(low).toBeLessThan(0.12);
    expect(Math.max(...stock)).toBeLessThanOrEqual(5000);
  });

  it('writes JSON Lines and RFC 4180 CSV', () => {
    const p = { ...take(1)[0]!, title: 'A "quoted", title', tags: ['red', 'wood'] };
    expect(JSON.parse(toJsonLine(p))).toEqual(p);
    expect(CSV_HEADER).toBe('sku,title,description,brand,category,price,currency,stock,images,tags\n');
    expect(toCsvLine(p)).toContain(',"A ""quoted"", title",');
    expect(toCsvLine(p).trimEnd().endsWith(',red|wood')).toBe(true);
  });
});
