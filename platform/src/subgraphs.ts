import type { ServiceRuntime, SchemaModule, SharedInfra, SubgraphHandle } from '@emporium/kit';
import * as deal from '@emporium/subgraph-deal';
import * as inventory from '@emporium/subgraph-inventory';
import * as order from '@emporium/subgraph-order';
import * as pricing from '@emporium/subgraph-pricing';
import * as product from '@emporium/subgraph-product';
import * as recommendation from '@emporium/subgraph-recommendation';
import * as user from '@emporium/subgraph-user';
import type { RetailDataset } from '@emporium/retail-data';

type AnyRuntime = ServiceRuntime<SchemaModule>;
type OpenOptions = { shared?: Partial<SharedInfra>; config?: AnyRuntime['config']; logger?: AnyRuntime['logger'] };

/** How the platform drives one subgraph package: open its runtime, build it, seed it. */
export interface SubgraphModule {
  name: string;
  open(opts: OpenOptions): Promise<AnyRuntime>;
  build(rt: AnyRuntime): Promise<SubgraphHandle>;
  /** True when the subgraph already holds demo data. */
  seeded(rt: AnyRuntime): Promise<boolean>;
  seed(rt: AnyRuntime, data: RetailDataset, progress: (done: number, total: number) => void): Promise<Record<string, number>>;
}

const as = <R>(fn: (rt: R, ...rest: never[]) => unknown) => fn as unknown as never;

/** Every subgraph, in seeding order. Each is its own package; the platform only calls their public entry points. */
export const subgraphModules: SubgraphModule[] = [
  { name: 'product', open: as(product.openProductRuntime), build: as(product.buildProductSubgraph), seeded: as(product.hasProducts), seed: as(product.seedProducts) },
  { name: 'pricing', open: as(pricing.openPricingRuntime), build: as(pricing.buildPricingSubgraph), seeded: as(pricing.hasPrices), seed: as(pricing.seedPrices) },
  { name: 'inventory', open: as(inventory.openInventoryRuntime), build: as(inventory.buildInventorySubgraph), seeded: as(inventory.hasStock), seed: as(inventory.seedStock) },
  { name: 'deal', open: as(deal.openDealRuntime), build: as(deal.buildDealSubgraph), seeded: as(deal.hasDeals), seed: as(deal.seedDeals) },
  { name: 'user', open: as(user.openUserRuntime), build: as(user.buildUserSubgraph), seeded: as(user.hasUsers), seed: as(user.seedUsers) },
  { name: 'recommendation', open: as(recommendation.openRecommendationRuntime), build: as(recommendation.buildRecommendationSubgraph), seeded: as(recommendation.hasRecommendations), seed: as(recommendation.seedRecommendations) },
  { name: 'order', open: as(order.openOrderRuntime), build: as(order.buildOrderSubgraph), seeded: as(order.isOrderSeeded), seed: as(order.seedOrders) },
];
