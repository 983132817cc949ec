import { describe, expect, it } from 'vitest';
import { aggregateCoPurchases, cosineScore, type OrderInput } from '../src/co-purchase.ts';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const P3 = '00000000-0000-4000-8000-000000000003';
const P4 = '00000000-0000-4000-8000-000000000004';
const P5 = '00000000-0000-4000-8000-000000000005';
const order = (...lines: [string, number][]): OrderInput => ({ lines: lines.map(([productId, quantity]) => ({ productId, quantity })) });

/** Five orders with sold lines, one bulk order (4 distinct products, over a limit of 3), one without sold lines. */
const orders: OrderInput[] = [
  order([P1, 1], [P2, 2], [P3, 1]),
  order([P1, 1], [P2, 1]),
  order([P1, 3], [P2, 1], [P3, 6]),
  order([P1, 1], [P3, 1]),
  order([P2, 1], [P3, 1], [P4, 12]),
  order([P1, 2], [P1, 1], [P4, -1]), // P1 twice counts once; P4 was not sold here
  order([P1, 1], [P2, 1], [P3, 1], [P5, 1]), // bulk under maxDistinctProducts: 3
  order([P2, -4]), // a return line only
];

describe('aggregateCoPurchases', () => {
  it.each(['dense', 'sparse'] as const)('counts orders and pairs exactly (%s)', (mode) => {
    const r = aggregateCoPurchases(orders, { maxDistinctProducts: 3, ...(mode === 'sparse' ? { denseLimit: 0 } : {}) });
    expect(r.mode).toBe(mode);
    expect(r.ordersCounted).toBe(6);
    expect(r.ordersSkippedBulk).toBe(1);
    expect(r.ordersSkippedEmpty).toBe(1);
    expect(r.stats).toEqual([
      { productId: P1, orders: 5 },
      { productId: P2, orders: 4 },
      { productId: P3, orders: 4 },
      { productId: P4, orders: 1 },
    ]);
    // P2–P4 and P3–P4 were bought together once: below the minimum support of 3. Scores: cosine · 3 / (3 + 10).
    const s12 = (3 / Math.sqrt(5 * 4)) * (3 / 13);
    const s23 = (3 / Math.sqrt(4 * 4)) * (3 / 13);
    expect(r.pairs).toEqual([
      { productId: P1, otherProductId: P2, ordersTogether: 3, score: s12 },
      { productId: P1, otherProductId: P3, ordersTogether: 3, score: s12 },
      { productId: P2, otherProductId: P3, ordersTogether: 3, score: s23 },
      { productId: P2, otherProductId: P1, ordersTogether: 3, score: s12 },
      { productId: P3, otherProductId: P2, ordersTogether: 3, score: s23 },
      { productId: P3, otherProductId: P1, ordersTogether: 3, score: s12 },
    ]);
    expect(s12).toBeCloseTo(0.6708204 * (3 / 13), 7);
    // Without shrinkage the score is the plain cosine.
    const plain = aggregateCoPurchases(orders, { maxDistinctProducts: 3, shrinkage: 0, ...(mode === 'sparse' ? { denseLimit: 0 } : {}) });
    expect(plain.pairs.find((p) => p.productId === P2 && p.otherProductId === P3)?.score).toBe(0.75);
  });

  it('keeps only the best neighbours per product, ties broken by product id', () => {
    const r = aggregateCoPurchases(orders, { maxDistinctProducts: 3, topPerProduct: 1 });
    expect(r.pairs.map((p) => [p.productId, p.otherProductId])).toEqual([
      [P1, P2],
      [P2, P3],
      [P3, P2],
    ]);
  });

  it('applies the minimum support and the default bulk limit of 100 distinct products', () => {
    expect(aggregateCoPurchases(orders, { maxDistinctProducts: 3, minSupport: 4 }).pairs).toEqual([]);
    const bulk = order(...Array.from({ length: 101 }, (_, i): [string, number] => [`00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`, 1]));
    const r = aggregateCoPurchases([...orders, bulk]);
    expect(r.ordersSkippedBulk).toBe(1); // the 101-product order; the 4-product one now counts
    expect(r.ordersCounted).toBe(7);
    expect(r.stats.find((s) => s.productId === P1)?.orders).toBe(6);
  });

  it('scores by cosine similarity in [0, 1]', () => {
    expect(cosineScore(3, 5, 4)).toBeCloseTo(3 / Math.sqrt(20), 12);
    expect(cosineScore(4, 4, 4)).toBe(1);
    expect(cosineScore(0, 4, 4)).toBe(0);
    expect(cosineScore(5, 4, 4)).toBe(1);
  });
});
