import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, parsePrice, parseSearchParams, searchFilter, searchHref, toggleBrand } from './search-state';

const BRAND_A = '0b9d6c1e-1111-4a4a-8b8b-000000000001';
const BRAND_B = '0b9d6c1e-1111-4a4a-8b8b-000000000002';

describe('search state in the URL', () => {
  it('round-trips every filter through the URL', () => {
    const state = { q: 'tea cup', category: 'kitchen-dining', brands: [BRAND_B, BRAND_A], price: { min: 1000, max: 2500 }, rating: 4, inStock: true, discount: 25, sort: 'PRICE_ASC' as const };
    const href = searchHref(state);
    expect(href).toBe(`/search?q=tea+cup&category=kitchen-dining&brand=${BRAND_A}&brand=${BRAND_B}&price=1000-2500&rating=4&inStock=1&discount=25&sort=price-asc`);
    const params: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(href.split('?')[1])) (params[k] ??= []).push(v);
    expect(parseSearchParams(params)).toEqual({ ...state, brands: [BRAND_A, BRAND_B] });
  });

  it('leaves defaults out of the URL', () => {
    expect(searchHref(EMPTY_SEARCH)).toBe('/search');
    expect(searchHref({ q: 'mug' })).toBe('/search?q=mug');
  });

  it('drops malformed values instead of failing', () => {
    const state = parseSearchParams({ q: '  a   b ', category: '../etc', brand: ['not-a-uuid', BRAND_A, BRAND_A.toUpperCase()], price: '50-10', rating: '9', inStock: 'no', discount: '0', sort: 'cheapest' });
    expect(state).toEqual({ ...EMPTY_SEARCH, q: 'a b', brands: [BRAND_A] });
  });

  it('caps the query at the API limit of 200 characters', () => {
    expect(parseSearchParams({ q: 'x'.repeat(500) }).q).toHaveLength(200);
  });

  it('reads open-ended price ranges', () => {
    expect(parsePrice('5000-')).toEqual({ min: 5000, max: null });
    expect(parsePrice('-999')).toEqual({ min: null, max: 999 });
    expect(parsePrice('-')).toBeNull();
    expect(parsePrice('ten-20')).toBeNull();
  });

  it('builds the API filter, leaving out what is not set', () => {
    expect(searchFilter(EMPTY_SEARCH)).toBeNull();
    expect(searchFilter({ ...EMPTY_SEARCH, brands: [BRAND_A], price: { min: null, max: 1000 }, rating: 3, inStock: true, discount: 10 })).toEqual({
      brandIds: [BRAND_A],
      price: { max: 1000 },
      minRating: 3,
      inStockOnly: true,
      minDiscountPercent: 10,
    });
  });

  it('switches a brand on and off', () => {
    const on = toggleBrand(EMPTY_SEARCH, BRAND_A.toUpperCase());
    expect(on.brands).toEqual([BRAND_A]);
    expect(toggleBrand(on, BRAND_A).brands).toEqual([]);
  });
});
