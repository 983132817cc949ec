import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_PROFILES, merchantRows, renderFeed, type SimMerchantProfile, type SimProduct, type SimRow } from './generate.ts';

/** A running simulator. */
export interface FeedSimulator {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  merchants: { profile: SimMerchantProfile; feedUrl: string; rows: SimRow[] }[];
  /** Every generated row with its ground truth (product id and faults). */
  truth(): SimRow['truth'][];
  /** Requests received per merchant slug. */
  requests: Map<string, number>;
  /** The most feed requests that were in flight at once (since the start or the last reset). */
  maxInFlight(): number;
  /** Starts counting maxInFlight afresh. */
  resetMaxInFlight(): void;
  close(): Promise<void>;
}

/** Options of {@link startFeedSimulator}. */
export interface SimulatorOptions {
  products: readonly SimProduct[];
  seed?: number;
  /** "Now" for expiry dates (the caller's clock). */
  now: Date;
  profiles?: readonly SimMerchantProfile[];
  /** Port to listen on (0 = ephemeral). The simulator always binds 127.0.0.1. */
  port?: number;
}

/**
 * Starts the merchant-feed simulator on 127.0.0.1 (README: simulator). Routes: `GET /feeds/<slug>` (the merchant's
 * feed, JSON Lines or CSV, with its behaviour: delay, failures, hang), `GET /truth.jsonl` (ground truth per row) and
 * `GET /merchants.json`. Feeds are generated once, deterministically from `seed`, `now` and the products.
 */
export async function startFeedSimulator(opts: SimulatorOptions): Promise<FeedSimulator> {
  const profiles = opts.profiles ?? DEFAULT_PROFILES;
  const seed = opts.seed ?? 42;
  const generated = profiles.map((profile) => {
    const rows = merchantRows(profile, opts.products, { seed, now: opts.now });
    return { profile, rows, body: renderFeed(rows, profile.format) };
  });
  const bySlug = new Map(generated.map((g) => [g.profile.slug, g]));
  const requests = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/truth.jsonl') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      return res.end(generated.flatMap((g) => g.rows.map((r) => JSON.stringify(r.truth))).join('\n') + '\n');
    }
    if (path === '/merchants.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(generated.map((g) => ({ ...g.profile, feedPath: `/feeds/${g.profile.slug}` }))));
    }
    const m = /^\/feeds\/([a-z0-9-]+)$/.exec(path);
    const feed = m ? bySlug.get(m[1]!) : undefined;
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    const n = (requests.get(feed.profile.slug) ?? 0) + 1;
    requests.set(feed.profile.slug, n);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const b = feed.profile.behaviour;
    if (b.hang) {
      hanging.add(res);
      return;
    }
    if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    if (b.alwaysFail) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('internal error\n');
    }
    if (b.failFirst && n <= b.failFirst) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '0' });
      return res.end('try again\n');
    }
    res.writeHead(200, { 'content-type': feed.profile.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson' });
    res.end(feed.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    port,
    merchants: generated.map((g) => ({ profile: g.profile, rows: g.rows, feedUrl: `${baseUrl}/feeds/${g.profile.slug}` })),
    truth: () => generated.flatMap((g) => g.rows.map((r) => r.truth)),
    requests,
    maxInFlight: () => maxInFlight,
    resetMaxInFlight: () => {
      maxInFlight = inFlight;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
