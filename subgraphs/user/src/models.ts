import type { addresses, apiKeys, mailOutbox, preferences, savedDeals, users, wishlistItems } from './db/schema.ts';

/** A user row as resolvers see it (privacy rules are applied by the field resolvers). */
export type UserModel = typeof users.$inferSelect;
/** An address row. */
export type AddressModel = typeof addresses.$inferSelect;
/** A preferences row. */
export type PreferencesModel = typeof preferences.$inferSelect;
/** A wishlist row. */
export type WishlistItemModel = typeof wishlistItems.$inferSelect;
/** A saved-deal row. */
export type SavedDealModel = typeof savedDeals.$inferSelect;
/** An API key row (the hash never leaves the subgraph: no field resolves it). */
export type ApiKeyModel = typeof apiKeys.$inferSelect;
/** A message of the sandbox mailer's outbox. */
export type MailMessageModel = typeof mailOutbox.$inferSelect;

/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  __typename?: 'Product';
  id: string;
}

/** Money plus the locale its `formatted` field is written for. */
export interface MoneyModel {
  amount: number;
  currency: string;
  locale: string;
}
