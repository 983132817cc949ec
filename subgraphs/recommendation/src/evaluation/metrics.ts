/** Ranking metrics with binary relevance. */

/** 1 when any of the first k recommendations is relevant, else 0. */
export function hitAt(recs: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  for (let r = 0; r < Math.min(k, recs.length); r++) if (relevant.has(recs[r]!)) return 1;
  return 0;
}

/** NDCG@k: Σ rel_r / log2(r + 1) over ranks r = 1…k, divided by the ideal (all relevant items first). */
export function ndcgAt(recs: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, recs.length); r++) if (relevant.has(recs[r]!)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Sums of hit@k and NDCG@k over customers, plus the distinct items recommended (catalogue coverage). */
export class MetricAccumulator {
  hits = 0;
  ndcg = 0;
  customers = 0;
  private readonly seen: Uint8Array;
  private distinct = 0;

  constructor(
    private readonly catalogue: number,
    private readonly k: number,
  ) {
    this.seen = new Uint8Array(catalogue);
  }

  add(recs: ArrayLike<number>, relevant: ReadonlySet<number>): void {
    this.customers++;
    this.hits += hitAt(recs, relevant, this.k);
    this.ndcg += ndcgAt(recs, relevant, this.k);
    for (let r = 0; r < Math.min(this.k, recs.length); r++) {
      const i = recs[r]!;
      if (!this.seen[i]) {
        this.seen[i] = 1;
        this.distinct++;
      }
    }
  }

  /** hit@k, NDCG@k (means over customers) and coverage (distinct recommended items ÷ catalogue size). */
  result(): { customers: number; hitRate: number; ndcg: number; coverage: number; distinctItems: number } {
    const c = this.customers || 1;
    return { customers: this.customers, hitRate: this.hits / c, ndcg: this.ndcg / c, coverage: this.distinct / this.catalogue, distinctItems: this.distinct };
  }
}
