import { describe, expect, it } from 'vitest';
import { v5 } from 'uuid';
import {
  CUSTOMER_NAMESPACE, countryCodeFor, INVOICE_NAMESPACE, isNonProductCode, PRODUCT_NAMESPACE, productIdForSku,
  quantityOnHandFor,
} from '../src/index.ts';
import { parsePrice, parseQuantity, parseTimestamp } from '../src/parse.ts';
import { dropReasonFor } from '../src/rules.ts';
import type { SourceRow } from '../src/rules.ts';
import { fnv1a32 } from '../src/stock.ts';

describe('parsing', () => {
  it('rounds prices half-up to whole pence on the exact decimal', () => {
    expect(parsePrice('2.55')).toEqual({ minor: 255, sign: 1 });
    expect(parsePrice('3.385')).toEqual({ minor: 339, sign: 1 });
    expect(parsePrice('3.3849')).toEqual({ minor: 338, sign: 1 });
    expect(parsePrice('0.001')).toEqual({ minor: 0, sign: 1 });
    expect(parsePrice('0.005')).toEqual({ minor: 1, sign: 1 });
    expect(parsePrice('0.0')).toEqual({ minor: 0, sign: 0 });
    expect(parsePrice('-11062.06')).toEqual({ minor: -1106206, sign: -1 });
    expect(parsePrice('abc')).toBeNull();
    expect(parseQuantity('-30')).toBe(-30);
    expect(parseQuantity('1.5')).toBeNull();
  });

  it('reads source times as UTC and rejects impossible dates', () => {
    expect(parseTimestamp('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseTimestamp('2011-06-15 14:05')).toBe(Date.UTC(2011, 5, 15, 14, 5));
    expect(parseTimestamp('2011-02-30 10:00:00')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });
});

describe('ids', () => {
  it('derives namespaces and ids with UUID v5, case-insensitively for codes', () => {
    expect(PRODUCT_NAMESPACE).toBe(v5('urn:emporium:retail-data:product', v5.URL));
    expect(CUSTOMER_NAMESPACE).toBe(v5('urn:emporium:retail-data:customer', v5.URL));
    expect(INVOICE_NAMESPACE).toBe(v5('urn:emporium:retail-data:invoice', v5.URL));
    expect(productIdForSku('85123a')).toBe(productIdForSku('85123A'));
    expect(productIdForSku('85123A')).toBe(v5('85123A', PRODUCT_NAMESPACE));
  });
});

describe('row rules', () => {
  const sale: SourceRow = {
    invoiceNo: '536365', sku: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6,
    priceMinor: 255, priceSign: 1, ts: 0, customerId: '17850', country: 'United Kingdom',
  };

  it('keeps valid sales and negative cancellations', () => {
    expect(dropReasonFor(sale)).toBeNull();
    expect(dropReasonFor({ ...sale, invoiceNo: 'C536379', quantity: -1, description: '' })).toBeNull();
  });

  it('applies the first matching reason in the documented order', () => {
    expect(dropReasonFor({ ...sale, invoiceNo: 'A563185', sku: 'B' })).toBe('adjustmentInvoice');
    expect(dropReasonFor({ ...sale, invoiceNo: 'C536379', sku: 'D', quantity: -1 })).toBe('nonProduct');
    expect(dropReasonFor({ ...sale, invoiceNo: 'C536379', quantity: 2 })).toBe('cancellationNotNegative');
    expect(dropReasonFor({ ...sale, description: '  ', priceSign: 0, priceMinor: 0 })).toBe('emptyDescription');
    expect(dropReasonFor({ ...sale, quantity: 0 })).toBe('quantityNotPositive');
    expect(dropReasonFor({ ...sale, priceMinor: 0, priceSign: 0, customerId: null })).toBe('manualAdjustment');
    expect(dropReasonFor({ ...sale, priceMinor: 0, priceSign: 0 })).toBe('priceNotPositive');
    expect(dropReasonFor({ ...sale, priceMinor: -5, priceSign: -1 })).toBe('priceNotPositive');
    expect(dropReasonFor({ ...sale, priceMinor: 0, priceSign: 1 })).toBe('priceRoundsToZero');
  });

  it('knows the non-merchandise codes', () => {
    for (const code of ['POST', 'DOT', 'M', 'C2', 'D', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'GIFT_0001_20']) {
      expect(isNonProductCode(code), code).toBe(true);
    }
    expect(isNonProductCode('85123A')).toBe(false);
    expect(isNonProductCode('DCGSSGIRL')).toBe(false); // "GIRLS PARTY BAG" is merchandise
  });

  it('maps the data\'s country names to ISO codes', () => {
    expect(countryCodeFor('EIRE')).toBe('IE');
    expect(countryCodeFor('RSA')).toBe('ZA');
    expect(countryCodeFor('USA')).toBe('US');
    expect(countryCodeFor('Channel Islands')).toBe('JE');
    expect(countryCodeFor('United Kingdom')).toBe('GB');
    expect(countryCodeFor('European Community')).toBeNull();
    expect(countryCodeFor('Unspecified')).toBeNull();
    expect(countryCodeFor('Atlantis')).toBeNull();
  });
});

describe('stock rule', () => {
  it('follows the hash buckets and the weeks-of-cover formula', () => {
    const week = 7 * 86_400_000;
    const skus = Array.from({ length: 2000 }, (_, i) => `SKU${i}`);
    for (const sku of skus.slice(0, 200)) {
      const h = fnv1a32(sku);
      const q = quantityOnHandFor(sku, 520, 0, 52 * week); // 10 units a week
      if (h % 100 < 5) expect(q).toBe(0);
      else if (h % 100 < 15) expect(q).toBe(1 + ((h >>> 8) % 9));
      else expect(q).toBe(10 * (2 + ((h >>> 16) % 7)));
    }
    expect(quantityOnHandFor('SKU1', 1e9, 0, week)).toBeLessThanOrEqual(5000);
    expect(fnv1a32('')).toBe(0x811c9dc5);
  });
});
