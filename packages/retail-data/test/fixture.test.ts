import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DROP_REASONS, formatDropReport, loadRetailDataset, orderIdForInvoice, productIdForSku, RETAIL_DATA_FILE_ENV,
  userIdForCustomer,
} from '../src/index.ts';
import type { RetailDataset } from '../src/index.ts';
import { QUIRK_ROWS, removeFixtures, writeFixture } from './fixture.ts';

const NOW = new Date('2025-06-01T03:00:00Z');
afterAll(removeFixtures);

function dropRows(d: RetailDataset, reason: string): number {
  const r = d.dropped.find((x) => x.reason === reason);
  if (!r) throw new Error(`no drop report for ${reason}`);
  return r.rows;
}

describe('rules on a file with one row per quirk', () => {
  let file: string;
  let d: RetailDataset;
  beforeAll(async () => {
    file = writeFixture();
    d = await loadRetailDataset({ file, now: NOW });
  });

  it('counts every reason once and accounts for every row', () => {
    expect(d.sourceRows).toBe(QUIRK_ROWS.length);
    for (const reason of Object.values(DROP_REASONS)) {
      expect(dropRows(d, reason), reason).toBe(reason === DROP_REASONS.cancellationNotNegative ? 0 : 1);
    }
    const kept = d.invoices.reduce((n, i) => n + i.lines.length, 0) + d.cancellations.length;
    expect(d.dropped.reduce((n, r) => n + r.rows, 0)).toBe(d.sourceRows - kept);
    expect(kept).toBe(7);
  });

  it('keeps only codes with a valid sale, upper-cased', () => {
    expect(d.products.map((p) => p.sku)).toEqual(['71053', '84029G', '85123A']);
    const noSale = d.dropped.find((r) => r.reason === DROP_REASONS.codeWithoutSale);
    expect(noSale?.codes).toBe(5); // 22139, 21275, 22734, 22841, PADS
  });

  it('chooses the most frequent normalised description, ties -> lexicographically first', () => {
    const p = d.products.find((x) => x.sku === '85123A');
    expect(p?.title).toBe('Cream Hanging Heart T-Light Holder');
    expect(p?.unitsSold).toBe(10);
    expect(p?.slug).toBe('cream-hanging-heart-t-light-holder-85123a');
  });

  it('takes the modal price (ties -> lower) and a per-day history of changes only', () => {
    const p = d.products.find((x) => x.sku === '85123A');
    expect(p?.unitPriceMinor).toBe(255);
    expect(p?.priceHistory).toEqual([
      { date: '2025-05-24', unitPriceMinor: 255 },
      { date: '2025-05-25', unitPriceMinor: 295 },
    ]);
    expect(d.products.find((x) => x.sku === '84029G')?.unitPriceMinor).toBe(339); // 3.385 rounds half-up
  });

  it('shifts the last timestamp onto now\'s day, keeping the time of day', () => {
    expect(d.shiftMs % 86_400_000).toBe(0);
    const last = d.invoices.find((i) => i.invoiceNo === '536377');
    expect(last?.invoicedAt.toISOString()).toBe('2025-06-01T12:50:00.000Z');
    expect(d.invoices[0]?.invoicedAt.toISOString()).toBe('2025-05-24T08:26:00.000Z');
  });

  it('builds invoices, guests, customers and cancellations with v5 ids', () => {
    expect(d.invoices.map((i) => i.invoiceNo)).toEqual(['536365', '536366', '536367', '536368', '536377']);
    const guest = d.invoices.find((i) => i.invoiceNo === '536366');
    expect(guest).toMatchObject({ customerId: null, userId: null, countryCode: 'GB' });
    expect(guest?.lines[0]?.productId).toBe(productIdForSku('85123A'));
    expect(d.invoices[0]?.id).toBe(orderIdForInvoice('536365'));
    expect(d.customers).toEqual([
      { id: userIdForCustomer('12345'), customerId: '12345', country: 'EIRE', countryCode: 'IE',
        firstOrderAt: new Date('2025-05-25T10:00:00Z') },
      { id: userIdForCustomer('17850'), customerId: '17850', country: 'United Kingdom', countryCode: 'GB',
        firstOrderAt: new Date('2025-05-24T08:26:00Z') },
    ]);
    expect(d.cancellations).toEqual([
      { invoiceNo: 'C536369', customerId: '17850', sku: '71053', quantity: 2, at: new Date('2025-05-25T12:00:00Z') },
    ]);
    expect(d.products.find((p) => p.sku === '71053')?.unitsSold).toBe(6); // the cancellation is not subtracted
  });

  it('counts raw figures before any rule', () => {
    expect(d.raw).toEqual({ rows: 16, invoices: 15, stockCodes: 11, customers: 2, countries: 2 }); // 85123a and 85123A differ raw
  });

  it('formats a readable drop table', () => {
    const text = formatDropReport(d);
    for (const reason of Object.values(DROP_REASONS)) expect(text).toContain(reason);
    expect(text).toContain('rows read 16');
    expect(text).toContain('e.g. 536370 POST "POSTAGE"');
  });
});

describe('loader options', () => {
  const saved = process.env[RETAIL_DATA_FILE_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[RETAIL_DATA_FILE_ENV];
    else process.env[RETAIL_DATA_FILE_ENV] = saved;
  });

  it('reads only maxRows data rows', async () => {
    const d = await loadRetailDataset({ file: writeFixture(), now: NOW, maxRows: 2 });
    expect(d.sourceRows).toBe(2);
    expect(d.products.map((p) => p.sku)).toEqual(['71053', '85123A']);
    // the last row read (08:26) is the one moved onto now's day
    expect(d.invoices[0]?.invoicedAt.toISOString()).toBe('2025-06-01T08:26:00.000Z');
  });

  it('takes the file from $RETAIL_DATA_FILE, the option winning over it', async () => {
    const file = writeFixture();
    process.env[RETAIL_DATA_FILE_ENV] = file;
    expect((await loadRetailDataset({ now: NOW, maxRows: 1 })).sourceFile).toBe(file);
    process.env[RETAIL_DATA_FILE_ENV] = '/nonexistent/retail.csv.gz';
    expect((await loadRetailDataset({ file, now: NOW, maxRows: 1 })).sourceFile).toBe(file);
    await expect(loadRetailDataset({ now: NOW })).rejects.toThrow(/not found/);
  });

  it('rejects a file with another header', async () => {
    const file = writeFixture(QUIRK_ROWS, 'Invoice,Code,Text,Qty,Date,Price,Customer,Country');
    await expect(loadRetailDataset({ file, now: NOW })).rejects.toThrow(/unexpected header/);
  });

  it('is deterministic for the same input and now', async () => {
    const file = writeFixture();
    const a = await loadRetailDataset({ file, now: NOW });
    const b = await loadRetailDataset({ file, now: new Date(NOW.getTime() + 3_600_000) }); // same UTC day
    expect(b).toEqual(a);
  });
});
