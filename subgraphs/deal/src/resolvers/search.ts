import { badInput, decodeCursor, encodeCursor, isCurrency, isUuid, notFound, pageSize } from '@emporium/kit';
import type { DealFilter, DealSort, Resolvers } from '../__generated__/resolvers-types.ts';
import { fnv1a } from '../dedupe/features.ts';
import { recordClick, searchFacets, searchPage, type SearchFilter } from '../db/search.ts';
import { popularity, WEIGHTS } from '../enrich/confidence.ts';
import { enqueueDealClicked } from '../events.ts';
import type { DealConnectionModel, DealModel } from '../models.ts';

/** Validates the `deals` filter; BAD_USER_INPUT names the argument. */
export function searchFilter(f: DealFilter | null | undefined): SearchFilter {
  const out: SearchFilter = {};
  if (!f) return out;
  const query = f.query?.trim();
  if (query) {
    if (query.length > 200) throw badInput('filter.query must be at most 200 characters.', 'filter.query');
    out.query = query;
  }
  const category = f.category?.trim();
  if (category) {
    if (category.length > 200) throw badInput('filter.category must be at most 200 characters.', 'filter.category');
    out.category = category;
  }
  if (f.priceRange) {
    const { min, max, currency } = f.priceRange;
    if (min != null && min < 0) throw badInput(`filter.priceRange.min must be at least 0, got ${min}.`, 'filter.priceRange.min');
    if (max != null && max < 0) throw badInput(`filter.priceRange.max must be at least 0, got ${max}.`, 'filter.priceRange.max');
    if (min != null && max != null && min > max) throw badInput(`filter.priceRange.min (${min}) is above max (${max}).`, 'filter.priceRange');
    if (currency != null && !isCurrency(currency)) throw badInput(`filter.priceRange.currency must be an ISO 4217 code, got "${currency}".`, 'filter.priceRange.currency');
    if (min != null) out.priceMin = min;
    if (max != null) out.priceMax = max;
    if (currency != null) out.currency = currency;
  }
  if (f.minDiscount != null) {
    if (f.minDiscount < 0 || f.minDiscount > 99) throw badInput(`filter.minDiscount must be between 0 and 99, got ${f.minDiscount}.`, 'filter.minDiscount');
    out.minDiscount = f.minDiscount;
  }
  if (f.merchants != null) {
    if (f.merchants.length > 50) throw badInput('filter.merchants takes at most 50 ids.', 'filter.merchants');
    const bad = f.merchants.find((m) => !isUuid(m));
    if (bad !== undefined) throw badInput(`filter.merchants must be UUIDs, got "${bad}".`, 'filter.merchants');
    out.merchants = f.merchants.map((m) => m.toLowerCase());
  }
  if (f.expiringWithin != null) {
    if (f.expiringWithin < 1 || f.expiringWithin > 8760) throw badInput(`filter.expiringWithin must be between 1 and 8760 hours, got ${f.expiringWithin}.`, 'filter.expiringWithin');
    out.expiringWithinHours = f.expiringWithin;
  }
  if (f.verifiedOnly) out.verifiedOnly = true;
  return out;
}

/** A cursor is tied to its sort and filter: a hash of both travels with the keyset position. */
const searchKey = (sort: DealSort, filter: SearchFilter) => `${sort}:${fnv1a(JSON.stringify(filter)).toString(36)}`;

/** Live now: still in its feed and startsAt ≤ now < expiresAt (or no expiry). */
export const isLive = (d: DealModel, now: Date) => d.active && d.startsAt <= now && (d.expiresAt === null || d.expiresAt > now);

/** Adds a tracking reference to a merchant URL (relative URLs — the storefront's own pages — stay as they are). */
export function affiliateUrl(url: string, dealId: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('utm_source', 'emporium');
    u.searchParams.set('utm_medium', 'deals');
    u.searchParams.set('utm_content', dealId);
    return u.toString();
  } catch {
    return url;
  }
}

/** `deals`, click tracking and the fields of Deal that search adds. */
export const searchResolvers: Resolvers = {
  Query: {
    async deals(_root, args, ctx) {
      const filter = searchFilter(args.filter);
      const sort = args.sort ?? 'RELEVANCE';
      const first = pageSize(args.first, 24, 100);
      const key = searchKey(sort, filter);
      let after: { value: number; id: string } | null = null;
      if (args.after) {
        const [k, value, id] = decodeCursor(args.after, 3);
        if (k !== key || typeof value !== 'number' || !isUuid(id)) throw badInput('after is a cursor of another search or sort.', 'after');
        after = { value, id };
      }
      const now = ctx.rt.clock.now();
      const rows = first === 0 ? [] : await searchPage(ctx.rt.db.db, filter, sort, first, after, now);
      const page = rows.slice(0, first);
      const nodes = await Promise.all(page.map((r) => ctx.loaders.dealById.load(r.id)));
      const edges = page.flatMap((r, i) => (nodes[i] ? [{ cursor: encodeCursor([key, r.sv, r.id]), node: nodes[i] }] : []));
      let stats: ReturnType<DealConnectionModel['stats']> | undefined;
      const model: DealConnectionModel = {
        edges,
        pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        stats: () => (stats ??= searchFacets(ctx.rt.db.db, filter, now)),
      };
      return model;
    },
  },
  Mutation: {
    async trackDealClick(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput(`id must be a UUID, got "${args.id}".`, 'id');
      const id = args.id.toLowerCase();
      const now = ctx.rt.clock.now();
      // The click and its deal.clicked event (merchant affinity in the recommendation subgraph) commit together.
      const hit = await ctx.rt.db.db.transaction(async (tx) => {
        const row = await recordClick(tx, id, now);
        if (row) {
          const userId = ctx.identity.user?.id.toLowerCase() ?? null;
          await enqueueDealClicked(tx, { dealId: id, merchantId: row.merchantId, userId, sessionId: userId ? null : ctx.identity.sessionId }, now);
        }
        return row;
      });
      if (hit === null) throw notFound(`No live deal ${id}.`);
      ctx.eventsEnqueued?.();
      return affiliateUrl(hit.url, id);
    },
  },
  DealConnection: {
    totalCount: async (c) => (await c.stats()).total,
    async facets(c, _args, ctx) {
      const s = await c.stats();
      const merchants = await Promise.all(s.merchants.map((m) => ctx.loaders.merchantById.load(m.value)));
      return {
        categories: s.categories,
        merchants: s.merchants.flatMap((m, i) => (merchants[i] ? [{ merchant: merchants[i], count: m.count }] : [])),
        discounts: s.discounts,
      };
    },
  },
  Deal: {
    live: (d, _args, ctx) => isLive(d, ctx.rt.clock.now()),
    verified: (d) => !d.suspiciousPricing && d.productId !== null,
    confidence(d) {
      const f = d.confidenceFactors;
      const pop = popularity(d.clicks, d.saves);
      const factors = [
        { name: 'reputation', value: f?.reputation ?? 0, weight: WEIGHTS.reputation },
        { name: 'popularity', value: Math.round(pop * 10_000) / 10_000, weight: WEIGHTS.popularity },
        { name: 'priceCompetitiveness', value: f?.priceCompetitiveness ?? 0, weight: WEIGHTS.priceCompetitiveness },
        { name: 'contentQuality', value: f?.contentQuality ?? 0, weight: WEIGHTS.contentQuality },
        { name: 'historicalPerformance', value: f?.historicalPerformance ?? 0, weight: WEIGHTS.historicalPerformance },
      ];
      return { score: Math.round(factors.reduce((s, x) => s + x.value * x.weight, 0) * 10_000) / 10_000, factors };
    },
    async alternatives(d, args, ctx) {
      const first = pageSize(args.first, 5, 20);
      if (first === 0 || d.groupId === null) return [];
      const members = await ctx.loaders.groupDeals.load({ groupId: d.groupId, first: first + 1 });
      return members.filter((m) => m.id !== d.id).slice(0, first);
    },
  },
};
