import type { RetailDataset } from '@emporium/retail-data';

type Invoice = RetailDataset['invoices'][number];
type Product = RetailDataset['products'][number];

/** A catalogue product of the fixtures (only the fields the recommendation subgraph reads matter). */
export function product(id: string, categoryPath: string[], opts: { brand?: string; tags?: string[]; priceMinor?: number; quantityOnHand?: number } = {}): Product {
  const at = new Date(Date.UTC(2025, 0, 1));
  return {
    id,
    sku: id.slice(-6).toUpperCase(),
    slug: `p-${id.slice(-6)}`,
    title: `Product ${id.slice(-4)}`,
    description: '',
    categoryPath,
    brand: opts.brand ?? 'Emporium Essentials',
    tags: opts.tags ?? [],
    unitPriceMinor: opts.priceMinor ?? 125,
    priceHistory: [],
    quantityOnHand: opts.quantityOnHand ?? 10,
    unitsSold: 0,
    firstSoldAt: at,
    lastSoldAt: at,
    derived: [],
  };
}

/** A product id of the fixtures: `uuid(7)` → 00000000-0000-4000-8000-000000000007. */
export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** P1…P4: the exact small set (see co-purchase.test.ts for the counts). */
export const [P1, P2, P3, P4] = [uuid(1), uuid(2), uuid(3), uuid(4)] as [string, string, string, string];
/** R0…R23: a ring; every product is bought with its two neighbours on each side. */
export const ring = Array.from({ length: 24 }, (_, i) => uuid(1000 + i));

let invoiceNo = 500000;
function invoice(products: [string, number][]): Invoice {
  invoiceNo++;
  return {
    id: uuid(900000 + invoiceNo),
    invoiceNo: String(invoiceNo),
    customerId: '12346',
    userId: null,
    country: 'United Kingdom',
    countryCode: 'GB',
    invoicedAt: new Date(Date.UTC(2011, 0, 1) + invoiceNo * 60_000),
    lines: products.map(([productId, quantity], i) => ({ productId, sku: `SKU${i}`, quantity, unitPriceMinor: 125 })),
  };
}

/**
 * The test sales: P1–P3 bought together as in the unit test (P1: 5 orders, P2: 4, P3: 4, each pair 3 times; P4 once),
 * and the ring: for every i, three orders of {R(i), R(i+1), R(i+2)} — so R(i) is in 9 orders, R(i)–R(i±1) 6 times,
 * R(i)–R(i±2) 3 times.
 */
export function testInvoices(): Invoice[] {
  const small = [
    invoice([[P1, 1], [P2, 2], [P3, 1]]),
    invoice([[P1, 1], [P2, 1]]),
    invoice([[P1, 3], [P2, 1], [P3, 6]]),
    invoice([[P1, 1], [P3, 1]]),
    invoice([[P2, 1], [P3, 1], [P4, 12]]),
    invoice([[P1, 2]]),
  ];
  const ringOrders = ring.flatMap((_, i) =>
    [0, 1, 2].map(() => invoice([0, 1, 2].map((d): [string, number] => [ring[(i + d) % ring.length]!, 1]))),
  );
  return [...small, ...ringOrders];
}

/** Products for every id of {@link testInvoices}: P1–P4 in 'Kitchen > Mugs', the ring in 'Home > Candles'. */
export function testProducts(): Product[] {
  return [
    ...[P1, P2, P3, P4].map((id) => product(id, ['Kitchen', 'Mugs'], { tags: ['white'] })),
    ...ring.map((id, i) => product(id, ['Home', 'Candles'], { brand: i % 2 ? 'Regency' : 'Emporium Essentials', priceMinor: 300 + i })),
  ];
}
