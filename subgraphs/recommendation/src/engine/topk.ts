/** Selecting the best items of a score vector (typed arrays, no allocation per item). */

/** Options of {@link topK}. */
export interface TopKOptions {
  /** Items whose entry is non-zero are never selected. */
  exclude?: ArrayLike<number> | undefined;
  /** Secondary key for equal scores (higher first); then the lower index wins. */
  tieBreak?: ArrayLike<number> | undefined;
  /** Only items scoring strictly above this are selected (default 0: an item without signal is never returned). */
  minScore?: number;
}

/**
 * The indexes of the `k` best items, best first: score descending, then `tieBreak` descending, then index ascending.
 * O(n·log k)-ish with an insertion buffer; deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number, opts: TopKOptions = {}): Int32Array {
  const { exclude, tieBreak } = opts;
  const min = opts.minScore ?? 0;
  if (k <= 0) return new Int32Array(0);
  const best = new Int32Array(k);
  let size = 0;
  const better = (a: number, b: number) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa > sb;
    if (tieBreak) {
      const ta = tieBreak[a]!;
      const tb = tieBreak[b]!;
      if (ta !== tb) return ta > tb;
    }
    return a < b;
  };
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!(s > min) || (exclude && exclude[i])) continue;
    if (size === k && !better(i, best[k - 1]!)) continue;
    let pos = size < k ? size++ : k - 1;
    while (pos > 0 && better(i, best[pos - 1]!)) {
      best[pos] = best[pos - 1]!;
      pos--;
    }
    best[pos] = i;
  }
  return size === k ? best : best.slice(0, size);
}

/**
 * Diversity: walks `ranked` (best first) and keeps at most `maxPerGroup` items per group (e.g. leaf category) until
 * `k` are kept. Items of a group with a negative id are never limited. When the ranked list runs out before `k`, the
 * skipped items fill the rest in rank order (the limit is relaxed rather than returning fewer items).
 */
export function limitPerGroup(ranked: ArrayLike<number>, group: ArrayLike<number>, maxPerGroup: number, k: number): Int32Array {
  const out: number[] = [];
  const skipped: number[] = [];
  const counts = new Map<number, number>();
  for (let r = 0; r < ranked.length && out.length < k; r++) {
    const item = ranked[r]!;
    const g = group[item]!;
    if (g < 0) {
      out.push(item);
      continue;
    }
    const c = counts.get(g) ?? 0;
    if (c < maxPerGroup) {
      counts.set(g, c + 1);
      out.push(item);
    } else skipped.push(item);
  }
  if (out.length === k || skipped.length === 0) return Int32Array.from(out);
  // Relaxed fill: the skipped items join, and the result keeps rank order.
  for (let s = 0; s < skipped.length && out.length < k; s++) out.push(skipped[s]!);
  const rank = new Map<number, number>();
  for (let r = 0; r < ranked.length; r++) rank.set(ranked[r]!, r);
  return Int32Array.from(out.sort((a, b) => rank.get(a)! - rank.get(b)!));
}
