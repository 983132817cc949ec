import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, gtinForStockCode, isGtin } from '../src/index.ts';

describe('GTINs', () => {
  it('computes GS1 check digits and validates GTIN-8/12/13/14', () => {
    // Published examples: GS1's own GTIN-13 and a UPC-A (GTIN-12).
    expect(gtinCheckDigit('629104150021')).toBe(3);
    expect(isGtin('6291041500213')).toBe(true);
    expect(isGtin('036000291452')).toBe(true);
    expect(isGtin('96385074')).toBe(true);
    expect(isGtin('10614141000415')).toBe(true);
    expect(isGtin('6291041500214')).toBe(false); // wrong check digit
    expect(isGtin('62910415002')).toBe(false); // 11 digits
    expect(isGtin('629104150021X')).toBe(false);
  });

  it('gives stock codes valid, deterministic GTIN-13s in the restricted-circulation range', () => {
    expect(gtinForStockCode('85123A')).toBe('0208512301008');
    expect(gtinForStockCode('85123a')).toBe(gtinForStockCode('85123A'));
    expect(gtinForStockCode('15056BL')).toBe(`020150560212${gtinCheckDigit('020150560212')}`);
    for (const code of ['22423', '85123A', '15056BL', 'DCGS0066P', 'GIFT_0001_10']) {
      const gtin = gtinForStockCode(code);
      expect(gtin).toMatch(/^02\d{11}$/);
      expect(isGtin(gtin)).toBe(true);
    }
    expect(gtinForStockCode('DCGS0066P')).toMatch(/^029/);
  });

  it('gives distinct usual stock codes distinct GTINs', () => {
    const codes = ['22423', '22424', '85123A', '85123B', '85123', '15056BL', '15056B', '15056N', '79323LP', '79323GR'];
    expect(new Set(codes.map(gtinForStockCode)).size).toBe(codes.length);
  });
});
