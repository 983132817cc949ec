/**
 * Item-to-item co-purchase aggregation (rules documented in README.md): per product the number of orders containing
 * it, per pair the number of orders containing both, scored by the shrunk cosine similarity. Pure: no database, no clock.
 */
import { DEFAULT_PARAMS } from './engine/params.ts';
import { pairSimilarity } from './engine/strategies.ts';

/** The rules of the aggregation; the defaults are the documented ones. */
export interface CoPurchaseRules {
  /** Orders with more distinct products than this are skipped as bulk/wholesale noise (default 100). */
  maxDistinctProducts: number;
  /** A pair is kept only when bought together in at least this many orders (default 3). */
  minSupport: number;
  /** At most this many neighbours are kept per product, best score first (default 20). */
  topPerProduct: number;
  /** Above this many distinct products the pair counts live in a Map instead of an n² Uint32Array (default 6,000). */
  denseLimit: number;
  /** Score = cosine · together / (together + shrinkage) (`pairSimilarity`); 0 gives the plain cosine (default 10). */
  shrinkage: number;
}

/** The documented default rules. */
export const DEFAULT_RULES: CoPurchaseRules = {
  maxDistinctProducts: DEFAULT_PARAMS.maxDistinctProducts,
  minSupport: DEFAULT_PARAMS.minSupport,
  topPerProduct: DEFAULT_PARAMS.neighboursPerProduct,
  denseLimit: 6_000,
  shrinkage: DEFAULT_PARAMS.similarityShrinkage,
};

/** An order as the aggregation reads it: its lines' product ids and quantities. */
export interface OrderInput {
  lines: readonly { productId: string; quantity: number }[];
}

/** One directed neighbour row: `otherProductId` was bought with `productId`. */
export interface CoPurchasePair {
  productId: string;
  otherProductId: string;
  ordersTogether: number;
  score: number;
}

/** What {@link aggregateCoPurchases} returns. */
export interface CoPurchaseResult {
  /** Orders containing each product (counted orders only), sorted by product id. */
  stats: { productId: string; orders: number }[];
  /** Kept directed pairs, per product best score first (ties: other product id ascending). */
  pairs: CoPurchasePair[];
  /** Orders that contributed. */
  ordersCounted: number;
  /** Orders skipped for having more than `maxDistinctProducts` distinct products. */
  ordersSkippedBulk: number;
  /** Orders with no sold line (every quantity ≤ 0). */
  ordersSkippedEmpty: number;
  /** 'dense' (typed array) or 'sparse' (Map) pair counting. */
  mode: 'dense' | 'sparse';
}

/** Cosine similarity of two products from their co-occurrence counts, clamped to [0, 1]. */
export function cosineScore(together: number, ordersA: number, ordersB: number): number {
  if (together <= 0 || ordersA <= 0 || ordersB <= 0) return 0;
  return Math.min(1, together / Math.sqrt(ordersA * ordersB));
}

/** The distinct product ids of an order's sold lines (quantity > 0), in first-seen order. */
export function soldProducts(order: OrderInput): string[] {
  const ids = new Set<string>();
  for (const line of order.lines) if (line.quantity > 0) ids.add(line.productId);
  return [...ids];
}

/** Orders a product's neighbours: score descending, then other product id ascending (the read-time order too). */
export function compareNeighbours(a: CoPurchasePair, b: CoPurchasePair): number {
  return b.score - a.score || (a.otherProductId < b.otherProductId ? -1 : a.otherProductId > b.otherProductId ? 1 : 0);
}

/** Counts orders per product and per pair over `orders` and keeps the best pairs per product. */
export function aggregateCoPurchases(orders: Iterable<OrderInput>, rules: Partial<CoPurchaseRules> = {}): CoPurchaseResult {
  const r = { ...DEFAULT_RULES, ...rules };
  // Pass 1: dense indexes for the products of the counted orders.
  const index = new Map<string, number>();
  const baskets: Uint32Array[] = [];
  let skippedBulk = 0;
  let skippedEmpty = 0;
  for (const order of orders) {
    const products = soldProducts(order);
    if (products.length === 0) {
      skippedEmpty++;
      continue;
    }
    if (products.length > r.maxDistinctProducts) {
      skippedBulk++;
      continue;
    }
    const basket = new Uint32Array(products.length);
    products.forEach((id, i) => {
      let k = index.get(id);
      if (k === undefined) index.set(id, (k = index.size));
      basket[i] = k;
    });
    baskets.push(basket);
  }
  const n = index.size;
  const ids = [...index.keys()];
  const orderCounts = new Uint32Array(n);

  // Pass 2: count orders per product and per unordered pair (i < j).
  const dense = n <= r.denseLimit;
  const matrix = dense ? new Uint32Array(n * n) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  for (const basket of baskets) {
    basket.sort();
    for (let x = 0; x < basket.length; x++) {
      const i = basket[x]!;
      orderCounts[i]! += 1;
      for (let y = x + 1; y < basket.length; y++) {
        const key = i * n + basket[y]!;
        if (matrix) matrix[key]! += 1;
        else sparse!.set(key, (sparse!.get(key) ?? 0) + 1);
      }
    }
  }

  // Pass 3: score the pairs with enough support, both directions, and keep the best per product.
  const neighbours: CoPurchasePair[][] = Array.from({ length: n }, () => []);
  const keep = (i: number, j: number, together: number) => {
    if (together < r.minSupport) return;
    const score = pairSimilarity(together, orderCounts[i]!, orderCounts[j]!, r.shrinkage);
    neighbours[i]!.push({ productId: ids[i]!, otherProductId: ids[j]!, ordersTogether: together, score });
    neighbours[j]!.push({ productId: ids[j]!, otherProductId: ids[i]!, ordersTogether: together, score });
  };
  if (matrix) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) keep(i, j, matrix[i * n + j]!);
  } else {
    for (const [key, together] of sparse!) keep(Math.floor(key / n), key % n, together);
  }
  const pairs: CoPurchasePair[] = [];
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const order = [...ids.keys()].sort((a, b) => byId(ids[a]!, ids[b]!));
  for (const i of order) pairs.push(...neighbours[i]!.sort(compareNeighbours).slice(0, r.topPerProduct));

  return {
    stats: order.map((i) => ({ productId: ids[i]!, orders: orderCounts[i]! })),
    pairs,
    ordersCounted: baskets.length,
    ordersSkippedBulk: skippedBulk,
    ordersSkippedEmpty: skippedEmpty,
    mode: dense ? 'dense' : 'sparse',
  };
}
