import { notFound, pageSize, requireRole, type Identity } from '@emporium/kit';
import type { DealFeedFormat, DealFeedStatus, DealIngestionStatus, Resolvers } from '../__generated__/resolvers-types.ts';
import { findFeeds, setFeedActive } from '../db/admin.ts';
import { loadRuns } from '../feeds/ingest.ts';
import { changeMerchant, registerFeed, registerMerchant, uuidArg } from '../feeds/registration.ts';
import type { IngestCounts } from '../feeds/report.ts';
import type { FeedModel, RunModel } from '../models.ts';
import type { Context } from '../context.ts';

/** Admin operations need a service token or a signed-in user with the admin role. */
export function requireAdmin(identity: Identity): void {
  if (identity.service) return;
  requireRole(identity, 'admin');
}

const FORMAT_IN: Record<DealFeedFormat, 'auto' | 'jsonl' | 'csv'> = { AUTO: 'auto', JSONL: 'jsonl', CSV: 'csv' };
const formatOut = (f: string | null): DealFeedFormat | null => (f === null ? null : (f.toUpperCase() as DealFeedFormat));
const feedStatus = (s: string | null): DealFeedStatus | null => (s === null ? null : (s.toUpperCase() as DealFeedStatus));
const reasonList = (c: Pick<IngestCounts, 'rejectedByReason'>) =>
  Object.entries(c.rejectedByReason)
    .map(([reason, count]) => ({ reason, count: count ?? 0 }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

async function feedById(ctx: Context, id: string): Promise<FeedModel> {
  const [feed] = await findFeeds(ctx.rt.db.db, [id]);
  if (!feed) throw notFound(`No deal feed ${id}.`);
  return feed;
}

const count = (run: RunModel, key: Exclude<keyof IngestCounts, 'rejectedByReason'>) => run.report?.[key] ?? 0;

/** Merchant and feed registration, ingestion runs and their reports (admins and services only). */
export const adminResolvers: Resolvers = {
  Query: {
    dealFeeds(_root, _args, ctx) {
      requireAdmin(ctx.identity);
      return findFeeds(ctx.rt.db.db);
    },
    dealIngestionRuns(_root, args, ctx) {
      requireAdmin(ctx.identity);
      return loadRuns(ctx.rt, { first: pageSize(args.first, 10, 50) });
    },
    async dealIngestionRun(_root, args, ctx) {
      requireAdmin(ctx.identity);
      const [run] = await loadRuns(ctx.rt, { ids: [uuidArg(args.id, 'id')] });
      return run ?? null;
    },
  },
  Mutation: {
    registerMerchant(_root, { input }, ctx) {
      requireAdmin(ctx.identity);
      return registerMerchant(ctx.rt.db.db, input, ctx.rt.clock.now());
    },
    updateMerchant(_root, { input }, ctx) {
      requireAdmin(ctx.identity);
      return changeMerchant(ctx.rt.db.db, input);
    },
    registerDealFeed(_root, { input }, ctx) {
      requireAdmin(ctx.identity);
      return registerFeed(ctx.rt.db.db, { merchantId: input.merchantId, url: input.url, format: FORMAT_IN[input.format ?? 'AUTO'] }, ctx.rt.clock.now());
    },
    async setDealFeedActive(_root, args, ctx) {
      requireAdmin(ctx.identity);
      const id = uuidArg(args.id, 'id');
      if (!(await setFeedActive(ctx.rt.db.db, id, args.active))) throw notFound(`No deal feed ${id}.`);
      return feedById(ctx, id);
    },
    async runDealIngestion(_root, args, ctx) {
      requireAdmin(ctx.identity);
      const started = await ctx.ingestion.start('manual');
      if (!started) throw new Error('ingestion did not start');
      if (args.wait) await started.done;
      const [run] = await loadRuns(ctx.rt, { ids: [started.id] });
      return run!;
    },
  },
  DealFeed: {
    merchant: async (feed, _args, ctx) => (await ctx.loaders.merchantById.load(feed.merchantId))!,
    format: (feed) => formatOut(feed.format)!,
    privateNetworkAllowed: (feed) => feed.allowPrivateNetwork,
    lastStatus: (feed) => feedStatus(feed.lastStatus),
  },
  DealIngestionRun: {
    trigger: (run) => run.trigger.toUpperCase(),
    status: (run) => run.status.toUpperCase() as DealIngestionStatus,
    durationMs: (run) => run.report?.durationMs ?? null,
    fetched: (run) => count(run, 'fetched'),
    valid: (run) => count(run, 'valid'),
    rejected: (run) => count(run, 'rejected'),
    rejectedByReason: (run) => (run.report ? reasonList(run.report) : []),
    duplicates: (run) => count(run, 'duplicates'),
    new: (run) => count(run, 'new'),
    updated: (run) => count(run, 'updated'),
    unchanged: (run) => count(run, 'unchanged'),
    expired: (run) => count(run, 'expired'),
    withdrawn: (run) => count(run, 'withdrawn'),
    suspicious: (run) => count(run, 'suspicious'),
    feeds: (run) => run.report?.feeds ?? [],
  },
  DealFeedRunReport: {
    status: (r) => feedStatus(r.status)!,
    format: (r) => formatOut(r.format),
    rejectedByReason: (r) => reasonList(r),
  },
};
