/** Ranking metrics of the relevance evaluation (pure functions, unit-tested in subgraphs/product/test/relevance.test.ts). */

/** Reciprocal rank of the first relevant result within the first `k` (1/rank), or 0 when none is there. */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Recall at `k`: relevant results among the first `k`, divided by min(|relevant|, k) — so a query with more relevant
 * products than fit on the page scores 1 when the page is all relevant. 0 for an empty relevant set.
 */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((id) => relevant.has(id))).size;
  return found / Math.min(relevant.size, k);
}

/** One query's scores. */
export interface QueryScore {
  id: string;
  group: string;
  rr: number;
  recall: number;
}

/** Mean reciprocal rank and mean recall over a set of queries. */
export interface Summary {
  queries: number;
  mrr: number;
  recall: number;
}

/** Means over all scores, and per group (groups in first-seen order). */
export function summarize(scores: readonly QueryScore[]): { overall: Summary; groups: Map<string, Summary> } {
  const mean = (xs: readonly QueryScore[]): Summary => ({
    queries: xs.length,
    mrr: xs.length === 0 ? 0 : xs.reduce((s, x) => s + x.rr, 0) / xs.length,
    recall: xs.length === 0 ? 0 : xs.reduce((s, x) => s + x.recall, 0) / xs.length,
  });
  const byGroup = new Map<string, QueryScore[]>();
  for (const s of scores) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
  return { overall: mean(scores), groups: new Map([...byGroup].map(([g, xs]) => [g, mean(xs)])) };
}

/** The `n` worst queries: lowest reciprocal rank, then lowest recall, then id. */
export function worst<T extends QueryScore>(scores: readonly T[], n: number): T[] {
  return [...scores].sort((a, b) => a.rr - b.rr || a.recall - b.recall || a.id.localeCompare(b.id)).slice(0, n);
}
