import { describe, expect, it } from 'vitest';
import { EMPTY_DEALS, dealFilter, dealsHref, parseDealsParams } from './deals-state';

describe('deals state in the URL', () => {
  it('round-trips filters, sort and cursor', () => {
    const state = { ...EMPTY_DEALS, q: 'lamp', category: 'Home', price: { min: 1000, max: null }, discount: 25, merchants: ['m2', 'm1'], ending: 72, sort: 'ENDING_SOON' as const, after: 'abc' };
    const href = dealsHref(state);
    expect(href).toBe('/deals?q=lamp&category=Home&price=1000-&discount=25&merchant=m1&merchant=m2&ending=72&sort=ending-soon&after=abc');
    const params: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(href.split('?')[1])) (params[k] ??= []).push(v);
    expect(parseDealsParams(params)).toEqual({ ...state, merchants: ['m1', 'm2'] });
  });

  it('treats the empty fields of a submitted filter form as unset', () => {
    expect(parseDealsParams({ category: '', price: '', discount: '', ending: '', sort: 'relevance' })).toEqual(EMPTY_DEALS);
    expect(dealFilter(EMPTY_DEALS)).toBeNull();
  });

  it('keeps values inside the API limits', () => {
    const s = parseDealsParams({ ending: '9000', discount: '100', merchant: ['ok-1', 'bad id'] });
    expect([s.ending, s.discount, s.merchants]).toEqual([null, null, ['ok-1']]);
    expect(dealFilter({ ...EMPTY_DEALS, ending: 24, discount: 10, price: { min: null, max: 500 } })).toEqual({ expiringWithin: 24, minDiscount: 10, priceRange: { max: 500 } });
  });
});
