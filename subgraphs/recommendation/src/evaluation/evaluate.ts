/**
 * Offline evaluation (EVALUATION.md): replays every order in time order; just before each customer's last order
 * (customers with at least two orders), every strategy recommends 10 products from what happened before, and the
 * products of that last order are the truth. Two settings: (a) anything may be recommended (buy-again allowed);
 * (b) only products the customer never bought — every strategy and the baseline exclude past purchases, and only
 * customers whose last order has at least one new product count.
 */
import { CONTEXT_WEIGHTS, STRATEGIES, normaliseScores, weightedSum, type Normalisation, type StrategyName, type Weights } from '../engine/ensemble.ts';
import { encodeFeatures, type ProductAttributes } from '../engine/features.ts';
import { DEFAULT_PARAMS, type RecommendationParams } from '../engine/params.ts';
import { strategyScores } from '../engine/recommend.ts';
import { limitPerGroup, topK } from '../engine/topk.ts';
import { MetricAccumulator } from './metrics.ts';
import { ReplayModel, type ReplayOrder } from './replay.ts';

/** What the evaluation reads: products (item i = products[i]) and orders sorted by time. */
export interface EvaluationData {
  products: readonly ProductAttributes[];
  orders: readonly ReplayOrder[];
  countries: number;
}

/** The rows of the report: the strategies, the ensemble (with and without diversity) and the baselines. */
export const EVALUATED = [
  'POPULARITY',
  'OWN_TOP',
  ...STRATEGIES,
  'ENSEMBLE_NO_DIVERSITY',
  'ENSEMBLE',
] as const;
export type Evaluated = (typeof EVALUATED)[number];

export interface EvaluationOptions {
  k?: number;
  params?: RecommendationParams;
  /** Ensemble weights (default: the HOME context). */
  weights?: Weights;
  onProgress?: (p: { orders: number; totalOrders: number; customers: number; totalCustomers: number }) => void;
  /** Progress every this many orders (default 2,000). */
  progressEvery?: number;
  /** More ensembles to evaluate in the same pass (served pipeline, with diversity), reported by name. */
  alternatives?: Record<string, Alternative>;
  /**
   * Which order is predicted: 'last' (the test split: customers with ≥ 2 orders) or 'penultimate' (the validation
   * split used to choose weights: customers with ≥ 3 orders, their second-to-last order).
   */
  holdout?: 'last' | 'penultimate';
}

export interface SettingResult {
  /** Customers counted in this setting. */
  customers: number;
  /** Products to predict, summed over those customers. */
  relevantItems: number;
  rows: Partial<Record<Evaluated, MetricRow>>;
  /** The alternative weight tables, by name. */
  alternatives: Record<string, MetricRow>;
}

/** An alternative ensemble: its weights and, optionally, another diversity limit per leaf category. */
export interface Alternative {
  weights: Weights;
  maxPerCategory?: number;
  normalisation?: Normalisation;
}

/** One line of the report. */
export interface MetricRow {
  hitRate: number;
  ndcg: number;
  coverage: number;
  distinctItems: number;
}

export interface EvaluationResult {
  holdout: 'last' | 'penultimate';
  k: number;
  params: RecommendationParams;
  weights: Weights;
  products: number;
  orders: number;
  customersEvaluated: number;
  a: SettingResult;
  b: SettingResult;
}

/** Runs the evaluation (pure: no clock, no I/O besides `onProgress`). */
export function evaluate(data: EvaluationData, opts: EvaluationOptions = {}): EvaluationResult {
  const k = opts.k ?? 10;
  const params = opts.params ?? DEFAULT_PARAMS;
  const weights = opts.weights ?? CONTEXT_WEIGHTS.HOME;
  const n = data.products.length;
  const features = encodeFeatures(data.products);
  const model = new ReplayModel(n, data.countries, params);

  // The predicted order of each customer: the last one (customers with ≥ 2 orders), or for validation the
  // second-to-last one (customers with ≥ 3 orders). Orders at the same instant keep the list's order.
  const holdout = opts.holdout ?? 'last';
  const byCustomer = new Map<number, number[]>();
  data.orders.forEach((o, idx) => {
    if (o.customer < 0) return;
    const list = byCustomer.get(o.customer);
    if (list) list.push(idx);
    else byCustomer.set(o.customer, [idx]);
  });
  const back = holdout === 'last' ? 1 : 2;
  const evaluated = new Set([...byCustomer.values()].filter((l) => l.length >= back + 1).map((l) => l[l.length - back]!));

  const acc = (setting: 'a' | 'b') =>
    Object.fromEntries(EVALUATED.filter((e) => setting === 'a' || !['OWN_TOP', 'BUY_AGAIN'].includes(e)).map((e) => [e, new MetricAccumulator(n, k)])) as Partial<
      Record<Evaluated, MetricAccumulator>
    >;
  const accA = acc('a');
  const accB = acc('b');
  const alternatives = Object.entries(opts.alternatives ?? {});
  const altA = alternatives.map(() => new MetricAccumulator(n, k));
  const altB = alternatives.map(() => new MetricAccumulator(n, k));
  const relevantTotals = { a: 0, b: 0 };
  const popularity = new Float64Array(n);
  const every = opts.progressEvery ?? 2_000;
  let done = 0;

  data.orders.forEach((o, idx) => {
    if (evaluated.has(idx)) {
      const truth = new Set(o.items);
      const input = model.input(o.customer, o.country, o.day, features);
      const history = input.history!;
      // Products not sold yet do not exist yet: nobody may recommend them (in both settings).
      const unsold = Uint8Array.from(model.sold, (s) => 1 - s);
      const bought = Uint8Array.from(unsold);
      for (const i of history.items) bought[i] = 1;
      const fresh = new Set([...truth].filter((i) => !bought[i]));
      for (let j = 0; j < n; j++) popularity[j] = model.orders[j]!;
      const ownTop = new Float64Array(n);
      const hist = model.history(o.customer, o.day);
      hist.items.forEach((item, r) => (ownTop[item] = hist.orders[r]!));

      const raw = strategyScores(input, params);
      const run = (setting: 'a' | 'b', accs: Partial<Record<Evaluated, MetricAccumulator>>, relevant: Set<number>, alts: MetricAccumulator[]) => {
        const exclude = setting === 'b' ? bought : unsold;
        const tie = { exclude, tieBreak: model.orders };
        accs.POPULARITY?.add(topK(popularity, k, tie), relevant);
        accs.OWN_TOP?.add(topK(ownTop, k, tie), relevant);
        const normalised: Partial<Record<StrategyName, Float64Array>> = {};
        for (const s of STRATEGIES) {
          const v = raw[s];
          if (!v) continue;
          accs[s]?.add(topK(v, k, tie), relevant);
          normalised[s] = v.slice();
        }
        const byMode = new Map<string, Partial<Record<StrategyName, Float64Array>>>();
        const normalisedBy = (mode: Normalisation) => {
          const key = JSON.stringify(mode);
          let v = byMode.get(key);
          if (!v) {
            v = {};
            for (const s of STRATEGIES) if (normalised[s]) v[s] = normalised[s].slice();
            normaliseScores(v, exclude, mode);
            byMode.set(key, v);
          }
          return v;
        };
        const ensemble = new Float64Array(n);
        const served = (w: Weights, perCategory = params.maxPerCategory, mode: Normalisation = 'max') => {
          weightedSum(ensemble, normalisedBy(mode), w, exclude);
          const deep = topK(ensemble, k * params.diversityDepth, tie);
          return limitPerGroup(deep, features.leaf, perCategory, k);
        };
        accs.ENSEMBLE?.add(served(weights), relevant);
        accs.ENSEMBLE_NO_DIVERSITY?.add(topK(ensemble, k, tie), relevant);
        alternatives.forEach(([, alt], x) => alts[x]!.add(served(alt.weights, alt.maxPerCategory, alt.normalisation), relevant));
      };
      run('a', accA, truth, altA);
      relevantTotals.a += truth.size;
      if (fresh.size > 0) {
        run('b', accB, fresh, altB);
        relevantTotals.b += fresh.size;
      }
    }
    model.apply(o);
    done++;
    if (opts.onProgress && (done % every === 0 || done === data.orders.length)) {
      opts.onProgress({ orders: done, totalOrders: data.orders.length, customers: accA.POPULARITY!.customers, totalCustomers: evaluated.size });
    }
  });

  const row = (a: MetricAccumulator): MetricRow => {
    const { hitRate, ndcg, coverage, distinctItems } = a.result();
    return { hitRate, ndcg, coverage, distinctItems };
  };
  const settle = (accs: Partial<Record<Evaluated, MetricAccumulator>>, relevantItems: number, alts: MetricAccumulator[]): SettingResult => ({
    customers: accs.POPULARITY!.customers,
    relevantItems,
    rows: Object.fromEntries(Object.entries(accs).map(([name, a]) => [name, row(a!)])),
    alternatives: Object.fromEntries(alternatives.map(([name], x) => [name, row(alts[x]!)])),
  });
  return {
    holdout,
    k,
    params,
    weights,
    products: n,
    orders: data.orders.length,
    customersEvaluated: evaluated.size,
    a: settle(accA, relevantTotals.a, altA),
    b: settle(accB, relevantTotals.b, altB),
  };
}
