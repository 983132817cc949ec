import type { DealRuntime } from '../runtime.ts';
import type { Resolver } from './http.ts';
import { startIngestion, type IngestOptions, type IngestSettings, type StartedRun } from './ingest.ts';
import { formatFeedLine } from './report.ts';

/** How the subgraph runs ingestion: settings for every run, and the schedule. */
export interface IngestionConfig {
  settings?: Partial<IngestSettings>;
  resolver?: Resolver;
  /** Scheduled run interval in ms; 0 = no schedule. */
  intervalMs: number;
}

/**
 * Owns the ingestion runs of one subgraph instance: starts them (admin mutation, schedule), tracks the ones in
 * flight so `stop()` can abort and wait for them, and runs the schedule. Progress lines go to the logger.
 */
export class IngestionController {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rt: DealRuntime,
    private readonly config: IngestionConfig,
  ) {}

  /** Starts a run (CONFLICT when one is in progress); null with `skipWhenNoFeeds` and no active feed. */
  async start(trigger: IngestOptions['trigger'], extra: Pick<IngestOptions, 'skipWhenNoFeeds' | 'onProgress'> = {}): Promise<StartedRun | null> {
    const started = await startIngestion(this.rt, {
      trigger,
      signal: this.abort.signal,
      ...(this.config.settings ? { settings: this.config.settings } : {}),
      ...(this.config.resolver ? { resolver: this.config.resolver } : {}),
      onProgress: (e) => {
        if (e.kind === 'feed') this.rt.logger.info({ feedId: e.feed.feedId, status: e.feed.status }, formatFeedLine(e.feed, e.done, e.total));
        extra.onProgress?.(e);
      },
      ...(extra.skipWhenNoFeeds ? { skipWhenNoFeeds: true } : {}),
    });
    if (started) {
      const tracked = started.done.catch(() => {}).finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
    }
    return started;
  }

  /** Runs ingestion every `intervalMs` (skipping a tick while a run is in progress or when there are no feeds). */
  startSchedule(): void {
    if (this.config.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.inFlight.size > 0) return;
      this.start('schedule', { skipWhenNoFeeds: true }).catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (code === 'CONFLICT') this.rt.logger.info('scheduled deal feed run skipped: another run is in progress');
        else this.rt.logger.warn({ err }, 'scheduled deal feed run could not start');
      });
    }, this.config.intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule, aborts runs in flight and waits for them to record their reports. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort(new Error('the deal subgraph is stopping'));
    await Promise.all([...this.inFlight]);
  }
}
