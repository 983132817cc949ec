import type { brands, categories, products } from './db/schema.ts';

/** A category row as resolvers see it. */
export type CategoryModel = typeof categories.$inferSelect;
/** A brand row as resolvers see it. */
export type BrandModel = typeof brands.$inferSelect;
/** A product row with its category and brand joined in (one statement per page). */
export type ProductModel = typeof products.$inferSelect & { category: CategoryModel | null; brand: BrandModel | null };
