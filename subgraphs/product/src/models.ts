import type { brands, categories, products, reviews } from './db/schema.ts';
import type { Facets } from './search/search.ts';
import type { SearchConnection } from './search/service.ts';

/** A category row as resolvers see it. */
export type CategoryModel = typeof categories.$inferSelect;
/** A brand row as resolvers see it. */
export type BrandModel = typeof brands.$inferSelect;
/** A product row with its category and brand joined in (one statement per page). */
export type ProductModel = typeof products.$inferSelect & { category: CategoryModel | null; brand: BrandModel | null };
/** A search result connection; `facets` is computed with the page when selected, else on demand. */
export type SearchConnectionModel = SearchConnection & { loadFacets: () => Promise<Facets> };
/** A review row. */
export type ReviewModel = typeof reviews.$inferSelect;
