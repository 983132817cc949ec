import type { EnrichReport } from '../enrich/index.ts';
import type { RejectReason } from './validate.ts';

/**
 * What a run did with the rows of a feed (or of all feeds). Every fetched row lands in exactly one of rejected,
 * duplicates, expired and valid; valid rows are new, updated or unchanged (README: run report).
 */
export interface IngestCounts {
  /** Rows read from the feed bodies (readable or not). */
  fetched: number;
  /** Rows that passed every rule and are live. */
  valid: number;
  /** Rows that failed at least one rule. */
  rejected: number;
  /** Each reason once per rejected row that has it (a row may have several). */
  rejectedByReason: Partial<Record<RejectReason, number>>;
  /** Later rows repeating an id already seen in the same feed (the first one counts). */
  duplicates: number;
  /** Valid rows that created a deal. */
  new: number;
  /** Valid rows that changed a stored deal (or brought a withdrawn one back). */
  updated: number;
  /** Valid rows skipped because content hash and status were unchanged. */
  unchanged: number;
  /** Valid rows whose expiresAt has passed (their deal, if any, is taken down). */
  expired: number;
  /** Deals taken down because their row is no longer in the feed. */
  withdrawn: number;
  /** Active deals of the feed flagged suspiciousPricing after the run. */
  suspicious: number;
}

/** The outcome of one feed in a run. */
export interface FeedReport extends IngestCounts {
  feedId: string;
  merchantId: string;
  merchantName: string;
  url: string;
  /** 'ok' (fetched and stored), 'failed' (fetch or store failed after retries) or 'refused' (blocked address, bad URL). */
  status: 'ok' | 'failed' | 'refused';
  error: string | null;
  /** HTTP attempts made (retries included). */
  attempts: number;
  durationMs: number;
  format: 'jsonl' | 'csv' | null;
  /** Up to 10 rejected rows explained ("line 7 (id A-12): shortTitle: …"). */
  samples: string[];
}

/** A whole run, as stored in `ingest_runs.report`. */
export interface RunReport extends IngestCounts {
  /** The pass over all live deals after the feeds (duplicates, product links, confidence); null when it failed. */
  enrichment: EnrichReport | null;
  id: string;
  trigger: string;
  /** 'succeeded' (every feed ok), 'partial' (some failed), 'failed' (every feed failed). */
  status: 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  feeds: FeedReport[];
}

/** Zero counts. */
export function emptyCounts(): IngestCounts {
  return { fetched: 0, valid: 0, rejected: 0, rejectedByReason: {}, duplicates: 0, new: 0, updated: 0, unchanged: 0, expired: 0, withdrawn: 0, suspicious: 0 };
}

/** Adds `b` into `a`. */
export function addCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  const byReason = { ...a.rejectedByReason };
  for (const [r, n] of Object.entries(b.rejectedByReason) as [RejectReason, number][]) byReason[r] = (byReason[r] ?? 0) + n;
  return {
    fetched: a.fetched + b.fetched,
    valid: a.valid + b.valid,
    rejected: a.rejected + b.rejected,
    rejectedByReason: byReason,
    duplicates: a.duplicates + b.duplicates,
    new: a.new + b.new,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    expired: a.expired + b.expired,
    withdrawn: a.withdrawn + b.withdrawn,
    suspicious: a.suspicious + b.suspicious,
  };
}

/** One line for progress output. */
export function formatFeedLine(f: FeedReport, done: number, total: number): string {
  const head = `[${done}/${total}] ${f.merchantName} ${f.url}`;
  if (f.status !== 'ok') return `${head}: ${f.status.toUpperCase()} after ${f.attempts} attempt(s) — ${f.error}`;
  const reasons = Object.entries(f.rejectedByReason)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return `${head}: ${f.fetched} rows, ${f.valid} valid (${f.new} new, ${f.updated} updated, ${f.unchanged} unchanged), ${f.rejected} rejected${reasons ? ` (${reasons})` : ''}, ${f.duplicates} duplicates, ${f.expired} expired, ${f.withdrawn} withdrawn in ${(f.durationMs / 1000).toFixed(1)} s`;
}
