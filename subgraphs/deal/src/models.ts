import type { deals, feeds, merchants } from './db/schema.ts';

/** A deal row as resolvers see it. */
export type DealModel = Omit<typeof deals.$inferSelect, 'search'>;
/** A merchant row as resolvers see it. */
export type MerchantModel = typeof merchants.$inferSelect;

/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  id: string;
}

/** Money plus the locale its `formatted` field is written for. */
export interface MoneyModel {
  amount: number;
  currency: string;
  locale: string;
}

/** A feed row as resolvers see it (its merchant's fetch settings come along). */
export type FeedModel = typeof feeds.$inferSelect & { allowPrivateNetwork: boolean; rateLimitPerMinute: number };
/** A stored ingestion run: its report once finished. */
export type { StoredRun as RunModel } from './feeds/ingest.ts';
/** One feed's part of a run report. */
export type { FeedReport as FeedReportModel } from './feeds/report.ts';

/** A page of `deals` results; totals and facets are computed only when asked for (one statement for both). */
export interface DealConnectionModel {
  edges: { cursor: string; node: DealModel }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  stats: () => Promise<{
    total: number;
    categories: { value: string; count: number }[];
    merchants: { value: string; count: number }[];
    discounts: { value: string; count: number }[];
  }>;
}
