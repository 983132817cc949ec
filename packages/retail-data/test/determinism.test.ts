import { beforeAll, describe, expect, it } from 'vitest';
import { loadRetailDataset } from '../src/index.ts';
import type { RetailDataset } from '../src/index.ts';

// The first 100k rows of the real file (Dec 2010 - Mar 2011: every quirk occurs), loaded several ways.
const ROWS = 100_000;
const NOW = new Date('2025-06-01T10:00:00Z');
const DAY = 86_400_000;
let a: RetailDataset;
let b: RetailDataset;
let nextDay: RetailDataset;

beforeAll(async () => {
  a = await loadRetailDataset({ now: NOW, maxRows: ROWS });
  b = await loadRetailDataset({ now: new Date('2025-06-01T23:59:59Z'), maxRows: ROWS });
  nextDay = await loadRetailDataset({ now: new Date(NOW.getTime() + DAY), maxRows: ROWS });
}, 180_000);

describe('determinism and maxRows on the real file', () => {
  it('reads exactly maxRows data rows', () => {
    expect(a.sourceRows).toBe(ROWS);
    expect(a.raw.rows).toBe(ROWS);
    const lines = a.invoices.reduce((n, i) => n + i.lines.length, 0);
    expect(a.dropped.reduce((n, r) => n + r.rows, 0)).toBe(ROWS - lines - a.cancellations.length);
  });

  it('puts the last invoice read on now\'s day', () => {
    const last = a.invoices.reduce((x, y) => (y.invoicedAt > x.invoicedAt ? y : x));
    expect(last.invoicedAt.toISOString().slice(0, 10)).toBe('2025-06-01');
  });

  it('gives identical output for the same input and the same day of now', () => {
    expect(b).toEqual(a);
  });

  it('moves only the timestamps when now moves by a day', () => {
    expect(nextDay.shiftMs - a.shiftMs).toBe(DAY);
    const plusDay = (s: string) => new Date(Date.parse(`${s}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const moved: RetailDataset = {
      ...a,
      shiftMs: a.shiftMs + DAY,
      products: a.products.map((p) => ({
        ...p,
        firstSoldAt: new Date(p.firstSoldAt.getTime() + DAY),
        lastSoldAt: new Date(p.lastSoldAt.getTime() + DAY),
        priceHistory: p.priceHistory.map((h) => ({ ...h, date: plusDay(h.date) })),
      })),
      customers: a.customers.map((c) => ({ ...c, firstOrderAt: new Date(c.firstOrderAt.getTime() + DAY) })),
      invoices: a.invoices.map((i) => ({ ...i, invoicedAt: new Date(i.invoicedAt.getTime() + DAY) })),
      cancellations: a.cancellations.map((c) => ({ ...c, at: new Date(c.at.getTime() + DAY) })),
    };
    expect(nextDay).toEqual(moved);
  });
});
