/**
 * The storefront's pure helpers (no browser, no platform): deal links, money sums and the listing's URL state. They
 * live in web/src/lib and have no imports, so they run here directly.
 */
import { describe, expect, it } from 'vitest';
import { dealLink, formatMinor, sumLines } from '../../web/src/lib/format.ts';
import { listingHref, parseListingParams } from '../../web/src/lib/listing.ts';

describe('deal links', () => {
  it('keeps storefront paths in the site and sends http(s) URLs to the merchant', () => {
    expect(dealLink('/products/lunch-box-22659')).toEqual({ kind: 'internal', href: '/products/lunch-box-22659' });
    expect(dealLink('https://shop.example/deal?id=1')).toEqual({ kind: 'external', href: 'https://shop.example/deal?id=1', host: 'shop.example' });
    expect(dealLink('http://127.0.0.1:8080/x')).toMatchObject({ kind: 'external', host: '127.0.0.1:8080' });
  });

  it('links nothing that could run script or leave the site unannounced', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', '//evil.example/x', '/\\evil.example', 'ftp://x.example/f', 'not a url', '']) {
      expect(dealLink(url), url).toBeNull();
    }
  });
});

describe('money', () => {
  it('formats minor units with the currency’s own decimals', () => {
    expect(formatMinor(1275, 'GBP')).toBe('£12.75');
    expect(formatMinor(1275, 'JPY')).toBe('JP¥1,275');
    expect(formatMinor(1275, 'KWD')?.replace(/\s/g, ' ')).toBe('KWD 1.275');
    expect(formatMinor(1.5, 'GBP')).toBeNull();
    expect(formatMinor(100, 'POUNDS')).toBeNull();
  });

  it('sums lines only when every line has a price in one currency', () => {
    const gbp = (amount: number) => ({ amount, currency: 'GBP' });
    expect(sumLines([{ unit: gbp(295), quantity: 5 }, { unit: gbp(1275), quantity: 2 }])).toEqual(gbp(295 * 5 + 1275 * 2));
    expect(sumLines([{ unit: gbp(295), quantity: 1 }, { unit: null, quantity: 1 }])).toBeNull();
    expect(sumLines([{ unit: gbp(295), quantity: 1 }, { unit: { amount: 1, currency: 'EUR' }, quantity: 1 }])).toBeNull();
    expect(sumLines([])).toBeNull();
  });
});

describe('listing URL state', () => {
  it('reads the order and the cursor, ignoring unknown orders and oversized cursors', () => {
    expect(parseListingParams({})).toEqual({ sort: 'FEATURED', after: null });
    expect(parseListingParams({ sort: 'newest', after: 'abc' })).toEqual({ sort: 'NEWEST', after: 'abc' });
    expect(parseListingParams({ sort: ['NEWEST', 'FEATURED'] })).toEqual({ sort: 'NEWEST', after: null });
    expect(parseListingParams({ sort: 'price', after: 'x'.repeat(513) })).toEqual({ sort: 'FEATURED', after: null });
  });

  it('writes canonical URLs that read back to the same state', () => {
    expect(listingHref({ sort: 'FEATURED' })).toBe('/');
    expect(listingHref({ sort: 'NEWEST' })).toBe('/?sort=newest');
    const href = listingHref({ sort: 'NEWEST', after: 'WyJORVdFU1QiXQ==/+' });
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(parseListingParams(params)).toEqual({ sort: 'NEWEST', after: 'WyJORVdFU1QiXQ==/+' });
  });
});
