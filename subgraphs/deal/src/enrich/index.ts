import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import { buildIndex, DEFAULT_DEDUPE, detectGroups, type DedupeParams } from '../dedupe/detect.ts';
import type * as schema from '../db/schema.ts';
import { catalogProducts, deals, feedOffers, merchants, type StaticFactors } from '../db/schema.ts';
import { openStage, type StageColumn } from '../db/stage.ts';
import { enqueueDealsUpserted } from '../events.ts';
import { staticConfidence } from './confidence.ts';
import { linkToCatalog, linkToCatalogInWorker, WORKER_MIN_DEALS } from './link.ts';

type Db = Database<typeof schema>;

/** What one enrichment pass did. */
export interface EnrichReport {
  /** Live deals looked at. */
  deals: number;
  /** Duplicate groups (2+ deals of different merchants). */
  groups: number;
  /** Deals in those groups that are not their group's first choice: the alternatives. */
  alternatives: number;
  /** Live deals linked to a catalog product, by how. */
  linked: { seed: number; gtin: number; title: number; group: number };
  /** Rows whose stored group, link or confidence changed. */
  changed: number;
  durationMs: number;
  /**
   * Milliseconds per step: reading the live deals and the catalog copy, duplicate detection, product links (what is
   * left of linking once duplicates are done: from 20,000 deals it runs at once on a worker thread), writing changed
   * rows.
   */
  phasesMs: { read: number; duplicates: number; links: number; write: number };
}

interface Row {
  id: string;
  merchantId: string;
  feedId: string | null;
  title: string;
  description: string | null;
  brand: string | null;
  gtin: string | null;
  imageUrl: string | null;
  terms: string | null;
  priceAmount: number;
  currency: string;
  suspiciousPricing: boolean;
  productId: string | null;
  productMatch: string | null;
  groupId: string | null;
  confidenceBase: number;
  confidenceFactors: StaticFactors | null;
  reputation: number;
}

/** Changed deals written per transaction (staged, then one UPDATE … FROM), and such transactions at once. */
const CHUNK = 50_000;
const WRITERS = 2;

const STAGE: readonly StageColumn[] = [
  ['id', 'uuid'],
  ['group_id', 'uuid'],
  ['product_id', 'uuid'],
  ['product_match', 'text'],
  ['base', 'real'],
  ['factors', 'jsonb'],
];

/** jsonb does not keep key order: compare factor by factor. */
const sameFactors = (a: StaticFactors | null, b: StaticFactors) =>
  a !== null && (Object.keys(b) as (keyof StaticFactors)[]).every((k) => Math.abs((a[k] ?? NaN) - b[k]) < 1e-6);

/**
 * The pass after every ingestion run and after the demo seed (README: enrichment), over every live deal (active and
 * not expired at `now`): groups duplicates across merchants ({@link detectGroups}; group id = the smallest deal id
 * of the group), links deals to catalog products (seeded links are kept; else GTIN, title, or the link most of the
 * deal's group has), and computes the stored confidence factors. Writes only rows that changed, in batches of
 * 50,000 (two transactions at once), each batch with its `deal.upserted` events (unless `opts.publish` is false: the
 * seed publishes every deal itself).
 */
export async function enrichDeals(db: Db, now: Date, params: DedupeParams = DEFAULT_DEDUPE, opts: { publish?: boolean } = {}): Promise<EnrichReport> {
  const t0 = performance.now();
  const rows: Row[] = await db
    .select({
      id: deals.id,
      merchantId: deals.merchantId,
      feedId: deals.feedId,
      title: deals.title,
      description: deals.description,
      brand: deals.brand,
      gtin: deals.gtin,
      imageUrl: deals.imageUrl,
      terms: deals.terms,
      priceAmount: deals.priceAmount,
      currency: deals.currency,
      suspiciousPricing: deals.suspiciousPricing,
      productId: deals.productId,
      productMatch: deals.productMatch,
      groupId: deals.groupId,
      confidenceBase: deals.confidenceBase,
      confidenceFactors: deals.confidenceFactors,
      reputation: merchants.reputation,
    })
    .from(deals)
    .innerJoin(merchants, eq(merchants.id, deals.merchantId))
    .where(and(eq(deals.active, true), or(isNull(deals.expiresAt), gt(deals.expiresAt, now))))
    .orderBy(deals.id);

  const phasesMs = { read: 0, duplicates: 0, links: 0, write: 0 };
  let mark = t0;
  const lap = (phase: keyof typeof phasesMs) => {
    const t = performance.now();
    phasesMs[phase] += Math.round(t - mark);
    mark = t;
  };
  const catalog = await db
    .select({ productId: catalogProducts.productId, title: catalogProducts.title, gtin: catalogProducts.gtin })
    .from(catalogProducts)
    .orderBy(catalogProducts.productId);
  const toLink = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.productMatch !== 'seed' && !(r.productId && r.productMatch === null));
  const linkInput = toLink.map(({ r }) => ({ title: r.title, gtin: r.gtin }));
  const linking = (linkInput.length >= WORKER_MIN_DEALS ? linkToCatalogInWorker : linkToCatalog)(linkInput, catalog);
  linking.catch(() => {}); // awaited below; a failure of step 1 must not leave it unhandled
  lap('read');

  // 1. Duplicate groups.
  const index = await buildIndex(
    rows.map((r) => ({ id: r.id, merchant: r.merchantId, title: r.title, description: r.description, brand: r.brand, price: r.priceAmount, currency: r.currency })),
    params,
  );
  const { groups } = await detectGroups(index, params);
  const groupId: (string | null)[] = rows.map(() => null);
  const groupMin: (number | null)[] = rows.map(() => null);
  groups.forEach((g) => {
    if (g.length < 2) return;
    const id = g.map((i) => rows[i]!.id).sort()[0]!;
    for (const i of g) {
      groupId[i] = id;
      const cur = rows[i]!.currency;
      groupMin[i] = Math.min(...g.filter((j) => rows[j]!.currency === cur).map((j) => rows[j]!.priceAmount));
    }
  });

  lap('duplicates');

  // 2. Product links (started before step 1: on a worker thread for large passes, so both run at once): seeded ones
  // stay; the rest by catalog GTIN or title, then by a GTIN another deal was linked with.
  const links = await linking;
  const product: (string | null)[] = rows.map((r) => r.productId);
  const match: (string | null)[] = rows.map((r) => (r.productId ? (r.productMatch ?? 'seed') : null));
  toLink.forEach(({ i }, k) => {
    product[i] = links[k]?.productId ?? null;
    match[i] = links[k]?.match ?? null;
  });
  const gtinOwner = new Map<string, string>();
  rows.forEach((r, i) => {
    if (r.gtin && product[i] && (!gtinOwner.has(r.gtin) || product[i]! < gtinOwner.get(r.gtin)!)) gtinOwner.set(r.gtin, product[i]!);
  });
  rows.forEach((r, i) => {
    if (!product[i] && r.gtin && gtinOwner.has(r.gtin)) {
      product[i] = gtinOwner.get(r.gtin)!;
      match[i] = 'gtin';
    }
  });
  for (const g of groups) {
    if (g.length < 2) continue;
    const votes = new Map<string, number>();
    for (const i of g) if (product[i] && match[i] !== 'group') votes.set(product[i]!, (votes.get(product[i]!) ?? 0) + 1);
    const top = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (!top) continue;
    for (const i of g) {
      if (!product[i]) {
        product[i] = top[0];
        match[i] = 'group';
      }
    }
  }

  lap('links');

  // 3. Confidence: merchants' valid share of their current feed rows.
  const shares = await db
    .select({
      merchantId: feedOffers.merchantId,
      valid: sql<number>`count(*) filter (where ${feedOffers.status} in ('valid', 'expired'))::int`,
      total: sql<number>`count(*) filter (where ${feedOffers.status} <> 'withdrawn')::int`,
    })
    .from(feedOffers)
    .groupBy(feedOffers.merchantId);
  const validShare = new Map(shares.map((s) => [s.merchantId, Number(s.total) > 0 ? Number(s.valid) / Number(s.total) : 1]));

  const updates: { id: string; groupId: string | null; productId: string | null; productMatch: string | null; base: number; factors: StaticFactors }[] = [];
  rows.forEach((r, i) => {
    const { factors, base } = staticConfidence({
      reputation: r.reputation,
      price: r.priceAmount,
      groupMinPrice: groupMin[i] ?? null,
      content: r,
      merchantValidShare: r.feedId ? (validShare.get(r.merchantId) ?? 1) : 1,
      suspiciousPricing: r.suspiciousPricing,
    });
    const same =
      r.groupId === groupId[i] &&
      r.productId === product[i] &&
      (r.productMatch ?? (r.productId ? 'seed' : null)) === match[i] &&
      Math.abs(r.confidenceBase - base) < 1e-4 &&
      sameFactors(r.confidenceFactors, factors);
    if (!same) updates.push({ id: r.id, groupId: groupId[i] ?? null, productId: product[i] ?? null, productMatch: match[i] ?? null, base, factors });
  });
  const writeChunk = (chunk: typeof updates) =>
    db.transaction(async (tx) => {
      const stage = await openStage(tx, 'enrich_stage', STAGE);
      for (const u of chunk) {
        const wait = stage.add([u.id, u.groupId, u.productId, u.productMatch, u.base, JSON.stringify(u.factors)]);
        if (wait) await wait;
      }
      await stage.end();
      await tx.execute(sql`
        update ${deals} set group_id = v.group_id, product_id = v.product_id, product_match = v.product_match,
          confidence_base = v.base, confidence_factors = v.factors
        from enrich_stage v where ${deals}.id = v.id`);
      if (opts.publish !== false) await enqueueDealsUpserted(tx, chunk.map((u) => u.id), now);
    });
  // WRITERS transactions at once, on disjoint deals: the database spends the time, on more than one core.
  let next = 0;
  const writer = async () => {
    while (next < updates.length) {
      const from = next;
      next += CHUNK;
      await writeChunk(updates.slice(from, from + CHUNK));
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));

  lap('write');

  const multi = groups.filter((g) => g.length > 1);
  const count = (m: string) => match.filter((x) => x === m).length;
  return {
    deals: rows.length,
    groups: multi.length,
    alternatives: multi.reduce((s, g) => s + g.length - 1, 0),
    linked: { seed: count('seed'), gtin: count('gtin'), title: count('title'), group: count('group') },
    changed: updates.length,
    durationMs: Math.round(performance.now() - t0),
    phasesMs,
  };
}
