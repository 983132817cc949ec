import { decimalToMinor } from '@emporium/kit';
import { DEFAULT_PROFILES, HARD_FAULTS, merchantRows, type SimMerchantProfile, type SimProduct } from '../simulator/generate.ts';
import { buildIndex, clusterLinks, forEachCandidate, Links, similarity, type DedupeIndex, type DedupeOffer, type DedupeParams } from './detect.ts';

/** An offer with its true group (the catalog product it was generated from). */
export interface LabelledOffer extends DedupeOffer {
  label: string;
}

/**
 * A labelled set from the simulator's ground truth: every row of every merchant that ingestion would accept (no
 * fault that makes it invalid, merchant reputation ≥ 0.6, not expired, not a repeated row), labelled with its
 * catalog product. Ids are `<merchant slug>:<offer id>`.
 */
export function labelledSet(products: readonly SimProduct[], opts: { seed: number; now: Date; profiles?: readonly SimMerchantProfile[] }): LabelledOffer[] {
  const out: LabelledOffer[] = [];
  for (const profile of opts.profiles ?? DEFAULT_PROFILES) {
    if (profile.reputation < 0.6) continue;
    for (const row of merchantRows(profile, products, { seed: opts.seed, now: opts.now })) {
      const f = row.truth.faults;
      if (!row.record || f.includes('duplicate') || f.includes('expired') || f.some((x) => HARD_FAULTS.has(x))) continue;
      const r = row.record;
      out.push({
        id: `${profile.slug}:${r.id}`,
        merchant: profile.slug,
        title: r.title!,
        description: r.description ?? null,
        brand: r.brand || null,
        price: decimalToMinor(r.price!, 'GBP'),
        currency: r.currency!,
        label: row.truth.productId,
      });
    }
  }
  return out;
}

/** Pairwise quality of a grouping against labels. */
export interface PairMetrics {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairs = (k: number) => (k * (k - 1)) / 2;

/**
 * Pairwise precision, recall and F1: a pair of offers is predicted when they share a group and true when they share
 * a label.
 */
export function pairMetrics(groups: readonly (readonly number[])[], labels: readonly string[]): PairMetrics {
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const g of groups) {
    predictedPairs += pairs(g.length);
    const counts = new Map<string, number>();
    for (const i of g) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
    for (const c of counts.values()) correctPairs += pairs(c);
  }
  const byLabel = new Map<string, number>();
  for (const l of labels) byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
  let truePairs = 0;
  for (const c of byLabel.values()) truePairs += pairs(c);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

/** Share of true pairs (same label, different merchants) that LSH makes candidates (share at least one band key). */
export function candidateRecall(index: DedupeIndex, labels: readonly string[], bands: number): number {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  let total = 0;
  let found = 0;
  for (const members of byLabel.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!;
        const b = members[y]!;
        if (index.merchant[a] === index.merchant[b]) continue;
        total++;
        for (let band = 0; band < bands; band++) {
          if (index.bandKeys[a * index.bands + band] === index.bandKeys[b * index.bands + band]) {
            found++;
            break;
          }
        }
      }
    }
  }
  return total === 0 ? 1 : found / total;
}

/** Every distinct candidate pair of different merchants with its similarity (for threshold sweeps). */
export async function scoredCandidates(index: DedupeIndex, params: DedupeParams): Promise<{ a: Int32Array; b: Int32Array; sim: Float32Array }> {
  const seen = new Set<number>();
  const a: number[] = [];
  const b: number[] = [];
  const sim: number[] = [];
  await forEachCandidate(index, params, (x, y) => {
    if (index.merchant[x] === index.merchant[y]) return;
    const key = x < y ? x * index.n + y : y * index.n + x;
    if (seen.has(key)) return;
    seen.add(key);
    a.push(x);
    b.push(y);
    sim.push(similarity(index, x, y, params));
  });
  return { a: Int32Array.from(a), b: Int32Array.from(b), sim: Float32Array.from(sim) };
}

/** The groups the detector forms from these scored candidates at `threshold`. */
export function groupsAt(merchant: Int32Array, scored: Awaited<ReturnType<typeof scoredCandidates>>, threshold: number, constrained = true): number[][] {
  const links = new Links();
  for (let i = 0; i < scored.sim.length; i++) if (scored.sim[i]! >= threshold) links.push(scored.a[i]!, scored.b[i]!, scored.sim[i]!);
  return clusterLinks(merchant, links, constrained).groups;
}

/** Evaluates a parameter set on a labelled set: metrics for each threshold. */
export async function sweep(offers: readonly LabelledOffer[], params: DedupeParams, thresholds: readonly number[]) {
  const index = await buildIndex(offers, params);
  const labels = offers.map((o) => o.label);
  const scored = await scoredCandidates(index, params);
  return {
    candidateRecall: candidateRecall(index, labels, params.bands),
    candidates: scored.sim.length,
    results: thresholds.map((threshold) => ({ threshold, ...pairMetrics(groupsAt(index.merchant, scored, threshold, params.oneOfferPerMerchant), labels) })),
  };
}
