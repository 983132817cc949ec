import { parseArgs } from 'node:util';
import { asc } from 'drizzle-orm';
import { AppError } from '@emporium/kit';
import { findFeeds } from '../db/admin.ts';
import { merchants } from '../db/schema.ts';
import { loadRuns, runIngestion, type IngestSettings } from '../feeds/ingest.ts';
import { registerFeed, registerMerchant } from '../feeds/registration.ts';
import { formatFeedLine, type RunReport } from '../feeds/report.ts';
import type { DealRuntime } from '../runtime.ts';
import type { SimProduct } from '../simulator/generate.ts';
import { startFeedSimulator, type FeedSimulator } from '../simulator/server.ts';

/** Where the CLI writes: results to `out`, progress and errors to `err`. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `Deal subgraph CLI (run from subgraphs/deal: npx tsx src/cli.ts <command>)

  ingest [--json]                     fetch every active feed once (progress on stderr); --json prints the report
  runs [--limit N]                    the latest ingestion runs (default 10)
  merchants                           registered merchants
  merchant-add --name NAME --reputation 0..1 [--website URL] [--allow-private] [--rate PER_MINUTE] [--simulated]
  feeds                               registered feeds and their last status
  feed-add --merchant ID --url URL [--format auto|jsonl|csv]
  simulate [--port 4190] [--seed 42] [--max-rows N] [--register] [--ingest]
                                      serve simulated merchant feeds from the Online Retail catalog on 127.0.0.1;
                                      --register adds the simulated merchants (labelled "(simulated)", allow-listed)
                                      and their feeds, --ingest runs ingestion once and exits

Uses the deal database of the environment (DATABASE_URL, else PGlite under DATA_DIR — not while the platform runs).`;

function summary(report: RunReport): string {
  const reasons = Object.entries(report.rejectedByReason)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return [
    `run ${report.id} ${report.status} in ${(report.durationMs / 1000).toFixed(1)} s over ${report.feeds.length} feed(s)`,
    `  fetched ${report.fetched}, valid ${report.valid} (new ${report.new}, updated ${report.updated}, unchanged ${report.unchanged}), rejected ${report.rejected}${reasons ? ` (${reasons})` : ''}`,
    `  duplicates ${report.duplicates}, expired ${report.expired}, withdrawn ${report.withdrawn}, suspicious pricing ${report.suspicious}`,
  ].join('\n');
}

/** `ingest`: one run with progress lines; returns the report. */
export async function ingestCommand(rt: DealRuntime, io: CliIo, opts: { json?: boolean; settings?: Partial<IngestSettings> } = {}): Promise<RunReport | null> {
  const started = performance.now();
  const report = await runIngestion(rt, {
    trigger: 'cli',
    ...(opts.settings ? { settings: opts.settings } : {}),
    onProgress: (e) => {
      if (e.kind === 'start') io.err(`fetching ${e.feeds} feed(s)…`);
      else if (e.kind === 'enriched') io.err(`enriched ${e.report.deals} live deals: ${e.report.groups} duplicate groups, ${e.report.alternatives} alternatives, linked ${JSON.stringify(e.report.linked)} in ${(e.report.durationMs / 1000).toFixed(1)} s`);
      else io.err(`${formatFeedLine(e.feed, e.done, e.total)} (${((performance.now() - started) / 1000).toFixed(1)} s elapsed)`);
    },
  });
  if (report) io.out(opts.json ? JSON.stringify(report, null, 2) : summary(report));
  return report;
}

/** `simulate`: starts the simulator; with `register`, adds its merchants and feeds (skipping ones already there). */
export async function simulateCommand(
  rt: DealRuntime,
  products: readonly SimProduct[],
  io: CliIo,
  opts: { port?: number; seed?: number; register?: boolean },
): Promise<FeedSimulator> {
  const sim = await startFeedSimulator({ products, now: rt.clock.now(), ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  io.err(`simulator serving ${sim.merchants.length} merchant feeds from ${products.length} products at ${sim.baseUrl}/feeds/<merchant>`);
  if (opts.register) {
    const existing = new Set((await findFeeds(rt.db.db)).map((f) => f.url));
    for (const m of sim.merchants) {
      if (existing.has(m.feedUrl)) continue;
      const merchant = await registerMerchant(
        rt.db.db,
        { name: m.profile.name, reputation: m.profile.reputation, allowPrivateNetwork: true, simulated: true, rateLimitPerMinute: 600 },
        rt.clock.now(),
      );
      await registerFeed(rt.db.db, { merchantId: merchant.id, url: m.feedUrl }, rt.clock.now());
      io.err(`registered ${m.profile.name} → ${m.feedUrl}`);
    }
  }
  return sim;
}

/**
 * Runs one CLI command against an open runtime (the entry point `src/cli.ts` opens it from the environment).
 * Returns the exit code; `simulate` is handled by the entry point (it needs the data set).
 */
export async function runCli(rt: DealRuntime, argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: [...rest],
    options: {
      json: { type: 'boolean' },
      limit: { type: 'string' },
      name: { type: 'string' },
      reputation: { type: 'string' },
      website: { type: 'string' },
      'allow-private': { type: 'boolean' },
      rate: { type: 'string' },
      simulated: { type: 'boolean' },
      merchant: { type: 'string' },
      url: { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  try {
    switch (command) {
      case 'ingest': {
        const report = await ingestCommand(rt, io, { json: values.json ?? false });
        return report && report.status === 'failed' && report.feeds.length > 0 ? 1 : 0;
      }
      case 'runs': {
        const runs = await loadRuns(rt, { first: Number(values.limit ?? 10) });
        for (const r of runs) {
          io.out(`${r.id} ${r.trigger} ${r.status} ${r.startedAt.toISOString()} fetched ${r.report?.fetched ?? 0} valid ${r.report?.valid ?? 0} rejected ${r.report?.rejected ?? 0}`);
        }
        return 0;
      }
      case 'merchants': {
        for (const m of await rt.db.db.select().from(merchants).orderBy(asc(merchants.name))) {
          io.out(`${m.id} ${m.name} reputation ${m.reputation}${m.allowPrivateNetwork ? ' allow-private' : ''} ${m.rateLimitPerMinute}/min${m.simulated ? ' simulated' : ''}`);
        }
        return 0;
      }
      case 'merchant-add': {
        const m = await registerMerchant(
          rt.db.db,
          {
            name: values.name ?? '',
            reputation: Number(values.reputation),
            websiteUrl: values.website ?? null,
            allowPrivateNetwork: values['allow-private'] ?? false,
            rateLimitPerMinute: values.rate === undefined ? 60 : Number(values.rate),
            simulated: values.simulated ?? false,
          },
          rt.clock.now(),
        );
        io.out(m.id);
        return 0;
      }
      case 'feeds': {
        for (const f of await findFeeds(rt.db.db)) io.out(`${f.id} ${f.url} ${f.format}${f.active ? '' : ' inactive'} last: ${f.lastStatus ?? 'never'}${f.lastError ? ` (${f.lastError})` : ''}`);
        return 0;
      }
      case 'feed-add': {
        const format = values.format ?? 'auto';
        if (format !== 'auto' && format !== 'jsonl' && format !== 'csv') throw new AppError('BAD_USER_INPUT', `--format must be auto, jsonl or csv, got "${format}".`);
        const f = await registerFeed(rt.db.db, { merchantId: values.merchant ?? '', url: values.url ?? '', format }, rt.clock.now());
        io.out(f.id);
        return 0;
      }
      default:
        io.err(USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof AppError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}
