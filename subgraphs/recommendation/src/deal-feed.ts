/**
 * Serving `User.dealFeed` (README "Deal feed"): the open deals of the projection, the user's preferences (from the
 * user subgraph through @requires), clicks and saved deals per merchant, and the collaborative and content
 * strategies over the catalogue feed the pure scorer of engine/deal-score.ts.
 */
import { categoryPathSlugs, DEAL_FEED_PARAMS, DEAL_FEED_WEIGHTS, rankDeals, type DealCandidate, type DealFeedFactors, type DealShopper, type MoneyAmount } from './engine/deal-score.ts';
import { DEFAULT_PARAMS } from './engine/params.ts';
import { strategyScores } from './engine/recommend.ts';
import { normaliseMax } from './engine/strategies.ts';
import type { Catalogue } from './catalogue.ts';
import { readMerchantInteractions, readOpenDeals } from './db/deal-queries.ts';
import { readShopper } from './db/queries.ts';
import { OPEN_DEALS_KEY } from './deal-events.ts';
import { listsOf, type Neighbours } from './recommender.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** How long the open deals list stays in rt.cache (every applied deal.upserted drops it). */
export const OPEN_DEALS_TTL_S = 60;

/** The preferences the gateway fetched from the user subgraph (`@requires`); null when hidden or unset. */
export interface PreferencesInput {
  categories?: readonly string[] | null;
  priceRange?: { min?: MoneyAmount | null; max?: MoneyAmount | null } | null;
  discountSensitivity?: number | null;
  activeHours?: readonly number[] | null;
}

/** One entry of the feed (GraphQL `DealRecommendation`). */
export interface DealRecommendationModel {
  dealId: string;
  score: number;
  factors: DealFeedFactors;
}

/** An open deal as cached (JSON-safe: times in epoch ms). */
interface CachedDeal {
  dealId: string;
  merchantId: string;
  productId: string | null;
  category: string | null;
  currency: string;
  priceAmount: number;
  originalAmount: number | null;
  startsAt: number;
  expiresAt: number | null;
  confidence: number;
}

/** The open deals (active, not ended), from rt.cache or ONE statement. */
export async function openDeals(rt: RecommendationRuntime): Promise<CachedDeal[]> {
  const cached = await rt.cache.get<CachedDeal[]>(OPEN_DEALS_KEY);
  if (cached) return cached;
  const rows = (await readOpenDeals(rt.db.db, rt.clock.now())).map(
    (d): CachedDeal => ({
      dealId: d.dealId,
      merchantId: d.merchantId,
      productId: d.productId,
      category: d.category,
      currency: d.currency,
      priceAmount: d.priceAmount,
      originalAmount: d.originalAmount,
      startsAt: d.startsAt.getTime(),
      expiresAt: d.expiresAt?.getTime() ?? null,
      confidence: d.confidence,
    }),
  );
  await rt.cache.set(OPEN_DEALS_KEY, rows, OPEN_DEALS_TTL_S);
  return rows;
}

const validMoney = (m: MoneyAmount | null | undefined): m is MoneyAmount =>
  !!m && typeof m.amount === 'number' && Number.isFinite(m.amount) && typeof m.currency === 'string';

/**
 * The user's deal feed: `first` deals, best first (engine/deal-score.ts `rankDeals`). Reads: the open deals
 * (cached), the user's history and merchant interactions (one statement each), the neighbours of their best history
 * products (cached), and the in-process catalogue.
 */
export async function dealFeed(
  rt: RecommendationRuntime,
  cat: Catalogue,
  neighbours: Neighbours,
  user: { id: string; sessionId: string | null; preferences: PreferencesInput | null; savedDealIds: readonly string[] },
  first: number,
  opts: { weights?: Readonly<DealFeedFactors>; params?: typeof DEFAULT_PARAMS } = {},
): Promise<DealRecommendationModel[]> {
  if (first <= 0) return [];
  const params = opts.params ?? DEFAULT_PARAMS;
  const now = rt.clock.now();
  const shoppers = [`u:${user.id}`, ...(user.sessionId ? [`s:${user.sessionId}`] : [])];
  const [deals, shopper, interactions] = await Promise.all([
    openDeals(rt),
    readShopper(rt.db.db, user.id, shoppers, now, params),
    readMerchantInteractions(rt.db.db, shoppers, user.savedDealIds, DEAL_FEED_PARAMS.saveWeight),
  ]);

  // Collaborative and content scores of every catalogue product for this user, each ÷ its maximum.
  const history = shopper.history.filter((r) => cat.index.has(r.productId));
  let collaborative: Float64Array | undefined;
  let content: Float64Array | undefined;
  if (history.length > 0) {
    const seedRows = history.slice(0, params.collaborativeSeeds);
    const maxDecayed = seedRows[0]!.decayed;
    const lists = await neighbours(seedRows.map((r) => r.productId));
    const scores = strategyScores(
      {
        n: cat.ids.length,
        history: { items: Int32Array.from(history, (r) => cat.index.get(r.productId)!), decayed: Float64Array.from(history, (r) => r.decayed) },
        seeds: { lists: listsOf(cat, lists, true), weights: Float64Array.from(seedRows, (r) => (maxDecayed > 0 ? r.decayed / maxDecayed : 0)) },
        features: cat.features,
      },
      params,
    );
    collaborative = scores.COLLABORATIVE;
    content = scores.CONTENT;
    if (collaborative) normaliseMax(collaborative);
    if (content) normaliseMax(content);
  }

  const prefs = user.preferences;
  const min = prefs?.priceRange?.min;
  const max = prefs?.priceRange?.max;
  const signals: DealShopper = {
    categories: (prefs?.categories ?? []).filter((c) => typeof c === 'string' && c !== ''),
    priceRange: validMoney(min) && validMoney(max) ? { min, max } : null,
    discountSensitivity: typeof prefs?.discountSensitivity === 'number' ? prefs.discountSensitivity : null,
    activeHours: prefs?.activeHours ?? [],
    merchantInteractions: interactions,
    hasHistory: history.length > 0,
    productScores: (productId) => {
      const i = cat.index.get(productId);
      return i === undefined ? { collaborative: 0, content: 0 } : { collaborative: collaborative?.[i] ?? 0, content: content?.[i] ?? 0 };
    },
  };
  const candidates: DealCandidate[] = deals.map((d) => {
    const i = d.productId ? cat.index.get(d.productId) : undefined;
    const productSlugs = i === undefined ? [] : (cat.categorySlugs[i] ?? []);
    return {
      dealId: d.dealId,
      merchantId: d.merchantId,
      productId: d.productId,
      categorySlugs: productSlugs.length > 0 ? productSlugs : categoryPathSlugs(d.category?.split('>') ?? []),
      currency: d.currency,
      priceAmount: d.priceAmount,
      originalAmount: d.originalAmount,
      startsAt: new Date(d.startsAt),
      expiresAt: d.expiresAt === null ? null : new Date(d.expiresAt),
      confidence: d.confidence,
    };
  });
  return rankDeals(candidates, signals, now, first, opts.weights ?? DEAL_FEED_WEIGHTS).map((s) => ({ dealId: s.deal.dealId, score: s.score, factors: s.factors }));
}
