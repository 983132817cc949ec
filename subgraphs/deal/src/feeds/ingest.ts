import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { conflict, envReader } from '@emporium/kit';
import { feeds, ingestRuns, merchants } from '../db/schema.ts';
import { enrichDeals, type EnrichReport } from '../enrich/index.ts';
import type { DealRuntime } from '../runtime.ts';
import { FeedFetchError, fetchFeedOnce, type Resolver } from './http.ts';
import { detectFormat, pause, readFeed, type FeedFormat } from './parse.ts';
import { addCounts, emptyCounts, type FeedReport, type RunReport } from './report.ts';
import { contentHash, storeFeed, type ProcessedRow } from './store.ts';
import { MerchantRateLimiter, Semaphore, realTimer, withRetries, type RetryPolicy, type Timer } from './throttle.ts';
import { checkRow } from './validate.ts';

/** Tunables of a run; defaults from the environment (README: environment), tests pass small values. */
export interface IngestSettings {
  /** Feeds fetched at once, over all merchants (DEAL_FEED_CONCURRENCY, default 50). */
  concurrency: number;
  /** One HTTP attempt must finish within this (DEAL_FEED_TIMEOUT_MS, default 30 000). */
  timeoutMs: number;
  /** Largest feed body (DEAL_FEED_MAX_BYTES, default 200 MiB). */
  maxBytes: number;
  /** Attempts per feed and backoff (DEAL_FEED_ATTEMPTS default 4; base 1 s, ceiling 30 s). */
  retry: RetryPolicy;
  /** A 'running' run older than this is considered crashed and marked 'abandoned' (default 2 h). */
  staleAfterMs: number;
}

/** Reads the run settings from the environment; a bad value throws a sentence naming the variable. */
export function ingestSettingsFromEnv(env: Record<string, string | undefined> = process.env): IngestSettings {
  const e = envReader(env);
  return {
    concurrency: e.int('DEAL_FEED_CONCURRENCY', 50, { min: 1, max: 1000 }),
    timeoutMs: e.int('DEAL_FEED_TIMEOUT_MS', 30_000, { min: 100, max: 3_600_000 }),
    maxBytes: e.int('DEAL_FEED_MAX_BYTES', 200 * 1024 * 1024, { min: 1024, max: 2 * 1024 * 1024 * 1024 }),
    retry: { attempts: e.int('DEAL_FEED_ATTEMPTS', 4, { min: 1, max: 10 }), baseDelayMs: 1000, maxDelayMs: 30_000 },
    staleAfterMs: 2 * 3_600_000,
  };
}

/** Options of one run. */
export interface IngestOptions {
  trigger: 'manual' | 'schedule' | 'cli';
  settings?: Partial<IngestSettings>;
  /** DNS resolver (tests inject one to check address pinning). */
  resolver?: Resolver;
  timer?: Timer;
  signal?: AbortSignal;
  /** Progress: called when the run starts and after each feed. */
  onProgress?: (
    event: { kind: 'start'; feeds: number } | { kind: 'feed'; done: number; total: number; feed: FeedReport } | { kind: 'enriched'; report: EnrichReport },
  ) => void;
  /** Skip the run (return null, store nothing) when there is no active feed — what the schedule does. */
  skipWhenNoFeeds?: boolean;
}

interface FeedJob {
  id: string;
  url: string;
  format: FeedFormat;
  merchantId: string;
  merchantName: string;
  reputation: number;
  allowPrivateNetwork: boolean;
  rateLimitPerMinute: number;
}

/**
 * Claims the single 'running' slot (a partial unique index allows one running run; runs left 'running' for longer
 * than `staleAfterMs` are marked 'abandoned' first). Throws CONFLICT when another run is in progress.
 */
async function claimRun(rt: DealRuntime, trigger: string, staleAfterMs: number): Promise<{ id: string; startedAt: Date }> {
  const db = rt.db.background;
  const now = rt.clock.now();
  await db
    .update(ingestRuns)
    .set({ status: 'abandoned', finishedAt: now })
    .where(and(eq(ingestRuns.status, 'running'), lt(ingestRuns.startedAt, new Date(now.getTime() - staleAfterMs))));
  const [row] = await db.insert(ingestRuns).values({ trigger, status: 'running', startedAt: now }).onConflictDoNothing().returning({ id: ingestRuns.id });
  if (!row) throw conflict('A deal feed ingestion run is already in progress.');
  return { id: row.id, startedAt: now };
}

async function activeFeeds(rt: DealRuntime): Promise<FeedJob[]> {
  return rt.db.background
    .select({
      id: feeds.id,
      url: feeds.url,
      format: sql<FeedFormat>`${feeds.format}`,
      merchantId: merchants.id,
      merchantName: merchants.name,
      reputation: merchants.reputation,
      allowPrivateNetwork: merchants.allowPrivateNetwork,
      rateLimitPerMinute: merchants.rateLimitPerMinute,
    })
    .from(feeds)
    .innerJoin(merchants, eq(merchants.id, feeds.merchantId))
    .where(eq(feeds.active, true))
    .orderBy(merchants.name, feeds.url);
}

/** Reads and checks the rows of a body one by one (yielding to the event loop every 1,000 rows). */
export async function* processRows(body: string, format: 'jsonl' | 'csv', ctx: { reputation: number; now: Date }): AsyncGenerator<ProcessedRow> {
  let i = 0;
  for await (const row of readFeed(body, format)) {
    if (++i % 1000 === 0) await pause();
    yield row.error !== undefined
      ? { line: row.line, unreadable: row.error, checked: null, hash: '' }
      : { line: row.line, unreadable: null, checked: checkRow(row.record, ctx), hash: contentHash(row.record) };
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A run that has claimed the running slot: its id, and its report once every feed is done. */
export interface StartedRun {
  id: string;
  done: Promise<RunReport>;
}

/**
 * Starts one ingestion run over every active feed (README: ingestion) and returns as soon as it has claimed the
 * running slot (CONFLICT when another run is in progress; null with `skipWhenNoFeeds` and no active feed). Feeds are
 * fetched concurrently under a global cap, each merchant's feeds one after another under its rate limit, every
 * attempt bounded by a timeout and retried with exponential backoff and jitter; a feed that fails or hangs only fails
 * itself. Rows are read, checked, deduplicated and stored ({@link storeFeed}); the report is kept in `ingest_runs`.
 */
export async function startIngestion(rt: DealRuntime, opts: IngestOptions): Promise<StartedRun | null> {
  const settings = { ...ingestSettingsFromEnv(), ...opts.settings };
  const jobs = await activeFeeds(rt);
  if (jobs.length === 0 && opts.skipWhenNoFeeds) return null;
  const run = await claimRun(rt, opts.trigger, settings.staleAfterMs);
  const done = executeRun(rt, opts, settings, run, jobs).catch(async (err: unknown) => {
    rt.logger.error({ err, runId: run.id }, 'deal feed run failed');
    await rt.db.background
      .update(ingestRuns)
      .set({ status: 'failed', finishedAt: rt.clock.now() })
      .where(eq(ingestRuns.id, run.id))
      .catch(() => {});
    throw err;
  });
  return { id: run.id, done };
}

/** Runs ingestion to the end and returns its report (null only with `skipWhenNoFeeds` and no active feed). */
export async function runIngestion(rt: DealRuntime, opts: IngestOptions): Promise<RunReport | null> {
  const started = await startIngestion(rt, opts);
  return started ? started.done : null;
}

async function executeRun(
  rt: DealRuntime,
  opts: IngestOptions,
  settings: IngestSettings,
  run: { id: string; startedAt: Date },
  jobs: FeedJob[],
): Promise<RunReport> {
  const started = performance.now();
  const timer = opts.timer ?? realTimer;
  const global = new Semaphore(settings.concurrency);
  const limiter = new MerchantRateLimiter(timer);
  const reports: FeedReport[] = [];
  opts.onProgress?.({ kind: 'start', feeds: jobs.length });
  rt.logger.info({ runId: run.id, feeds: jobs.length, trigger: opts.trigger }, 'deal feed run started');

  const runFeed = async (job: FeedJob): Promise<FeedReport> => {
    const t0 = performance.now();
    const base = { feedId: job.id, merchantId: job.merchantId, merchantName: job.merchantName, url: job.url, format: null, samples: [] as string[] };
    let attempts = 0;
    try {
      const fetched = await withRetries(
        async (n) => {
          attempts = n;
          await limiter.acquire(job.merchantId, job.rateLimitPerMinute, opts.signal);
          return global.run(() =>
            fetchFeedOnce(job.url, {
              allowPrivateNetwork: job.allowPrivateNetwork,
              ...(opts.resolver ? { resolver: opts.resolver } : {}),
              timeoutMs: settings.timeoutMs,
              maxBytes: settings.maxBytes,
              ...(opts.signal ? { signal: opts.signal } : {}),
            }),
          );
        },
        settings.retry,
        (err) => (err instanceof FeedFetchError ? { retryable: err.retryable, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) } : { retryable: false }),
        {
          timer,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onRetry: (n, err, delayMs) => rt.logger.info({ feedId: job.id, attempt: n, delayMs, err: errorText(err) }, 'deal feed fetch failed; retrying'),
        },
      );
      const body = fetched.value.body.toString('utf8');
      const format = detectFormat(job.format, fetched.value.contentType, body);
      const now = rt.clock.now();
      const rows = processRows(body, format, { reputation: job.reputation, now });
      const counts = await storeFeed(rt.db.background, { id: job.id, merchantId: job.merchantId }, rows, now);
      return { ...base, ...counts, format, status: 'ok', error: null, attempts, durationMs: Math.round(performance.now() - t0) };
    } catch (err) {
      const refused = err instanceof FeedFetchError && (err.kind === 'refused' || err.kind === 'badUrl');
      const aborted = opts.signal?.aborted === true;
      if (!(err instanceof FeedFetchError) && !aborted) rt.logger.warn({ err, feedId: job.id }, 'deal feed could not be stored');
      const error =
        err instanceof FeedFetchError ? `${err.kind}: ${err.message}` : aborted ? 'aborted: the run was stopped' : `storing failed: ${errorText(err)}`;
      return { ...base, ...emptyCounts(), status: refused ? 'refused' : 'failed', error, attempts, durationMs: Math.round(performance.now() - t0) };
    }
  };

  // One chain per merchant (its feeds in turn, so its rate limit holds); all merchants at once under the global cap.
  const byMerchant = new Map<string, FeedJob[]>();
  for (const job of jobs) byMerchant.set(job.merchantId, [...(byMerchant.get(job.merchantId) ?? []), job]);
  await Promise.all(
    [...byMerchant.values()].map(async (chain) => {
      for (const job of chain) {
        const report = await runFeed(job);
        const done = reports.push(report);
        await rt.db.background
          .update(feeds)
          .set({ lastRunAt: rt.clock.now(), lastStatus: report.status, lastError: report.error })
          .where(eq(feeds.id, job.id))
          .catch((err: unknown) => rt.logger.warn({ err, feedId: job.id }, 'could not record the feed status'));
        opts.onProgress?.({ kind: 'feed', done, total: jobs.length, feed: report });
      }
    }),
  );

  reports.sort((a, b) => a.merchantName.localeCompare(b.merchantName) || a.url.localeCompare(b.url));
  let enrichment: EnrichReport | null = null;
  if (!opts.signal?.aborted) {
    try {
      enrichment = await enrichDeals(rt.db.background, rt.clock.now());
      opts.onProgress?.({ kind: 'enriched', report: enrichment });
    } catch (err) {
      rt.logger.error({ err, runId: run.id }, 'deal enrichment (duplicates, product links, confidence) failed');
    }
  }
  const totals = reports.reduce((acc, r) => addCounts(acc, r), emptyCounts());
  const failed = reports.filter((r) => r.status !== 'ok').length;
  const finishedAt = rt.clock.now();
  const report: RunReport = {
    id: run.id,
    trigger: opts.trigger,
    status: failed === 0 ? 'succeeded' : failed === reports.length ? 'failed' : 'partial',
    startedAt: run.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    ...totals,
    enrichment,
    feeds: reports,
  };
  await rt.db.background
    .update(ingestRuns)
    .set({
      status: report.status,
      finishedAt,
      fetched: totals.fetched,
      valid: totals.valid,
      rejected: totals.rejected,
      created: totals.new,
      updated: totals.updated,
      expired: totals.expired,
      report,
    })
    .where(eq(ingestRuns.id, run.id));
  rt.logger.info({ runId: run.id, status: report.status, fetched: totals.fetched, valid: totals.valid, rejected: totals.rejected }, 'deal feed run finished');
  return report;
}

/** A stored run: its report, or (while it runs) just its state. */
export interface StoredRun {
  id: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  report: RunReport | null;
}

/** The latest `first` runs, newest first, or the runs with the given ids. */
export async function loadRuns(rt: DealRuntime, q: { first?: number; ids?: readonly string[] }): Promise<StoredRun[]> {
  const cols = { id: ingestRuns.id, trigger: ingestRuns.trigger, status: ingestRuns.status, startedAt: ingestRuns.startedAt, finishedAt: ingestRuns.finishedAt, report: ingestRuns.report };
  const base = rt.db.db.select(cols).from(ingestRuns);
  const rows = q.ids ? await base.where(inArray(ingestRuns.id, [...q.ids])) : await base.orderBy(desc(ingestRuns.seq)).limit(q.first ?? 10);
  return rows.map((r) => ({ ...r, report: (r.report as RunReport | null) ?? null }));
}
