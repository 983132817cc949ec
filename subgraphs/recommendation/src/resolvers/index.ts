import { randomUUID } from 'node:crypto';
import { badInput, forbidden, isUuid, pageSize, requireUser, unauthenticated } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { catalogueOf } from '../catalogue.ts';
import { applyCartAdd, applyProductView, insertTrackedEvent, shopperKeys } from '../db/queries.ts';
import { DEFAULT_PARAMS } from '../engine/params.ts';
import { dealFeed, type PreferencesInput } from '../deal-feed.ts';
import { neighboursKey } from '../loaders.ts';
import type { RecommendationModel } from '../models.ts';
import { NO_USER, personalRecommendations, similarTo, trendingFrom, trendingLists } from '../recommender.ts';

/** Largest `first` accepted by every recommendation field. */
export const MAX_RECOMMENDATIONS = 50;
/** Product.recommendations shows at most this many (the stored neighbours per product). */
const STORED_NEIGHBOURS = DEFAULT_PARAMS.neighboursPerProduct;
/** Longest search query trackEvent stores. */
export const MAX_QUERY_LENGTH = 200;

const orders = (n: number) => `bought together in ${n} ${n === 1 ? 'order' : 'orders'}`;

/** A UUID argument in lower case, or BAD_USER_INPUT naming the argument. */
function uuidArg(value: string | null | undefined, name: string): string | null {
  if (value == null) return null;
  if (!isUuid(value)) throw badInput(`${name} must be a UUID, got ${JSON.stringify(String(value).slice(0, 60))}.`, name);
  return value.toLowerCase();
}

/** The request's neighbour lists (one batched read per request; a failed key reads as no neighbours). */
function neighboursOf(ctx: Context) {
  return (ids: readonly string[]) => ctx.loaders.neighbours.loadMany(ids).then((r) => r.map((x) => (x instanceof Error ? [] : x)));
}

/** Resolvers of the recommendation subgraph. */
export const resolvers: Resolvers = {
  Product: {
    __resolveReference: (ref) => (isUuid(ref.id) ? { __typename: 'Product', id: ref.id } : null),
    /** Customers also bought: the stored co-purchase neighbours (shrunk cosine), unchanged by context. */
    recommendations: async (product, args, ctx) => {
      const first = Math.min(pageSize(args.first, 10, MAX_RECOMMENDATIONS), STORED_NEIGHBOURS);
      if (!isUuid(product.id) || first === 0) return [];
      const id = product.id.toLowerCase();
      const rows = (await ctx.loaders.neighbours.load(id)).filter((r) => r.kind === 'p').slice(0, first);
      return rows.map(
        (r): RecommendationModel => ({
          productId: id,
          otherProductId: r.otherProductId,
          score: r.score,
          reasons: [{ strategy: 'COLLABORATIVE', score: r.score, weight: 1, detail: orders(r.together) }],
        }),
      );
    },
    similar: async (product, args, ctx) => {
      const first = pageSize(args.first, 10, MAX_RECOMMENDATIONS);
      if (!isUuid(product.id) || first === 0) return [];
      const id = product.id.toLowerCase();
      const [cat, rows] = await Promise.all([catalogueOf(ctx.rt).get(), ctx.loaders.neighbours.load(id)]);
      return similarTo(cat, id, rows, first);
    },
  },
  Cart: {
    recommendations: async (cart, args, ctx) => {
      const first = pageSize(args.first, 10, MAX_RECOMMENDATIONS);
      const basket = [...new Set((cart.lines ?? []).map((l) => l.product.id.toLowerCase()).filter((id) => isUuid(id)))];
      const me = ctx.identity.user;
      const cat = await catalogueOf(ctx.rt).get();
      return personalRecommendations(
        ctx.rt,
        cat,
        neighboursOf(ctx),
        { id: me?.id.toLowerCase() ?? NO_USER, country: me?.country ?? null, sessionId: ctx.identity.sessionId },
        { context: 'CART', productId: null, first, basket },
        { weights: ctx.weights },
      );
    },
  },
  User: {
    __resolveReference: (ref) => {
      if (!isUuid(ref.id)) return null;
      // What dealFeed @requires, when the gateway fetched it from the user subgraph (null when hidden from the caller).
      const r = ref as { preferences?: PreferencesInput | null; savedDeals?: { edges?: { node?: { deal?: { id?: unknown } } }[] | null } | null };
      const savedDealIds = (r.savedDeals?.edges ?? []).flatMap((e) => {
        const id = e?.node?.deal?.id;
        return isUuid(id) ? [id.toLowerCase()] : [];
      });
      return { __typename: 'User', id: ref.id, preferences: r.preferences ?? null, savedDealIds };
    },
    dealFeed: async (user, args, ctx) => {
      const me = requireUser(ctx.identity);
      if (me.id.toLowerCase() !== user.id.toLowerCase()) throw forbidden('Only the user themself may read their deal feed.');
      const first = pageSize(args.first, 20, MAX_RECOMMENDATIONS);
      if (first === 0) return [];
      const cat = await catalogueOf(ctx.rt).get();
      const feed = await dealFeed(
        ctx.rt,
        cat,
        neighboursOf(ctx),
        { id: me.id.toLowerCase(), sessionId: ctx.identity.sessionId, preferences: user.preferences ?? null, savedDealIds: user.savedDealIds ?? [] },
        first,
      );
      return feed.map((d) => ({ deal: { __typename: 'Deal' as const, id: d.dealId }, score: d.score, factors: d.factors }));
    },
    recommendations: async (user, args, ctx) => {
      const me = requireUser(ctx.identity);
      if (me.id.toLowerCase() !== user.id.toLowerCase()) throw forbidden('Only the user themself may read their recommendations.');
      const first = pageSize(args.first, 10, MAX_RECOMMENDATIONS);
      const productId = uuidArg(args.productId, 'productId');
      uuidArg(args.cartId, 'cartId');
      const context = args.context ?? 'HOME';
      if (context === 'PRODUCT' && !productId) throw badInput('productId is required when context is PRODUCT.', 'productId');
      const cat = await catalogueOf(ctx.rt).get();
      return personalRecommendations(
        ctx.rt,
        cat,
        neighboursOf(ctx),
        { id: me.id.toLowerCase(), country: me.country, sessionId: ctx.identity.sessionId },
        { context, productId, first },
        { weights: ctx.weights },
      );
    },
  },
  Query: {
    trendingProducts: async (_root, args, ctx) => {
      const first = pageSize(args.first, 10, MAX_RECOMMENDATIONS);
      const country = args.country ?? ctx.identity.user?.country ?? null;
      if (country !== null && !/^[A-Z]{2}$/.test(country)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as "GB", got ${JSON.stringify(country.slice(0, 20))}.`, 'country');
      if (first === 0) return [];
      const [cat, trend] = await Promise.all([catalogueOf(ctx.rt).get(), trendingLists(ctx.rt, country)]);
      return trendingFrom(cat, trend, first);
    },
  },
  Mutation: {
    trackEvent: async (_root, args, ctx) => {
      const userId = ctx.identity.user?.id.toLowerCase() ?? null;
      const sessionId = ctx.identity.sessionId;
      if (!userId && !sessionId) throw unauthenticated('trackEvent needs a signed-in user or a storefront session.');
      const productId = uuidArg(args.productId, 'productId');
      const query = args.query?.trim() || null;
      if ((args.type === 'PRODUCT_VIEW' || args.type === 'ADD_TO_CART') && !productId) throw badInput(`productId is required for ${args.type}.`, 'productId');
      if (args.type === 'SEARCH' && !query) throw badInput('query is required for SEARCH.', 'query');
      if (query && query.length > MAX_QUERY_LENGTH) throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters, got ${query.length}.`, 'query');
      const at = ctx.rt.clock.now();
      const shopper = shopperKeys(userId, userId ? null : sessionId)[0]!;
      let viewsChanged = false;
      await ctx.rt.db.db.transaction(async (tx) => {
        await insertTrackedEvent(tx, { id: randomUUID(), type: args.type, userId, sessionId, productId, query, occurredAt: at });
        if (args.type === 'PRODUCT_VIEW') viewsChanged = await applyProductView(tx, shopper, productId!, at);
        if (args.type === 'ADD_TO_CART') await applyCartAdd(tx, shopper, productId!, at);
      });
      if (viewsChanged) await ctx.rt.cache.delete(neighboursKey(productId!));
      return true;
    },
  },
  Recommendation: {
    product: (r) => ({ __typename: 'Product', id: r.otherProductId }),
    score: (r) => r.score,
    reasons: (r) => r.reasons,
  },
};
