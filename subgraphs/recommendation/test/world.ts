import type { RetailDataset } from '@emporium/retail-data';
import { TEST_NOW } from '@emporium/kit/testing';
import { product, uuid } from './fixtures.ts';

type Invoice = RetailDataset['invoices'][number];

/** A small shop for the personal-recommendation tests (ids sorted = catalogue order). */
export const C = Array.from({ length: 6 }, (_, i) => uuid(2000 + i)); // Home > Candles
export const M = Array.from({ length: 4 }, (_, i) => uuid(2100 + i)); // Kitchen > Mugs
export const K = Array.from({ length: 3 }, (_, i) => uuid(2200 + i)); // Home > Cushions
export const X = uuid(2300); // a candle out of stock
export const USER_A = '0000000a-0000-4000-8000-00000000000a';
export const USER_B = '0000000b-0000-4000-8000-00000000000b';
const others = Array.from({ length: 8 }, (_, i) => uuid(9100 + i));

export function worldProducts(): RetailDataset['products'] {
  return [
    ...C.map((id, i) => product(id, ['Home', 'Candles'], { brand: i < 3 ? 'Regency' : 'Emporium Essentials', tags: ['red'], priceMinor: 300 + 10 * i })),
    ...M.map((id, i) => product(id, ['Kitchen', 'Mugs'], { tags: ['white'], priceMinor: 150 + i })),
    ...K.map((id, i) => product(id, ['Home', 'Cushions'], { tags: ['blue'], priceMinor: 1200 + i })),
    product(X, ['Home', 'Candles'], { brand: 'Regency', tags: ['red'], priceMinor: 320, quantityOnHand: 0 }),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const NOW = Date.parse(TEST_NOW);
let no = 700000;
function inv(user: string | null, country: 'GB' | 'FR', daysAgo: number, items: string[]): Invoice {
  no++;
  return {
    id: uuid(800000 + no),
    invoiceNo: String(no),
    customerId: user ? user.slice(-6) : null,
    userId: user,
    country: country === 'GB' ? 'United Kingdom' : 'France',
    countryCode: country,
    invoicedAt: new Date(NOW - daysAgo * 86_400_000),
    lines: items.map((productId) => ({ productId, sku: productId.slice(-6), quantity: 2, unitPriceMinor: 300 })),
  };
}

/**
 * User A bought C0 and M0 three times (and C1 once); other customers buy C0 with C2, C3 and X, and M0 with M1; K0 and
 * K1 trend in GB this week, M2 in France; M3 and C4 sold around this day last year. User B never ordered.
 */
export function worldInvoices(): Invoice[] {
  const list: Invoice[] = [
    inv(USER_A, 'GB', 60, [C[0]!, M[0]!]),
    inv(USER_A, 'GB', 30, [C[0]!, M[0]!, C[1]!]),
    inv(USER_A, 'GB', 10, [C[0]!, M[0]!]),
    ...others.slice(0, 6).map((u, i) => inv(u, 'GB', 50 - i, [C[0]!, C[2]!, C[3]!, X])),
    ...others.slice(0, 4).map((u, i) => inv(u, 'GB', 40 - i, [M[0]!, M[1]!])),
    ...others.slice(4, 8).map((u, i) => inv(u, 'GB', 2 + i / 4, [K[0]!, K[1]!])),
    ...others.slice(0, 3).map((u) => inv(u, 'FR', 1, [M[2]!])),
    ...others.slice(5, 8).map((u, i) => inv(u, 'GB', 365 + i - 1, [M[3]!, C[4]!])),
  ];
  return list.sort((a, b) => a.invoicedAt.getTime() - b.invoicedAt.getTime());
}
