import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex, DEFAULT_DEDUPE, detectGroups, type DedupeOffer } from './detect.ts';

/**
 * The duplicate detector on any data (README: duplicate detection):
 *
 *   npx tsx src/dedupe/cli.ts [offers.jsonl] [--out groups.jsonl] [--threshold 0.65]
 *
 * reads offers as JSON Lines `{id, merchant, title, description, brand, price, currency}` (a file or stdin) and writes
 * one JSON line per group `{groupId, ids}` (singletons included; groupId is the group's smallest id, ids sorted) to
 * `--out` or stdout. Progress and unreadable lines go to stderr.
 */

/** Reads one input line into an offer, or explains why it cannot. */
export function offerFromLine(line: string): DedupeOffer | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'invalid JSON';
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : null);
  const id = str(o.id);
  const title = str(o.title);
  if (!id) return 'no id';
  if (!title) return 'no title';
  const price = typeof o.price === 'number' ? o.price : Number(str(o.price) ?? NaN);
  return {
    id,
    merchant: str(o.merchant) ?? '',
    title,
    description: str(o.description),
    brand: str(o.brand),
    price: Number.isFinite(price) && price > 0 ? price : 0,
    currency: str(o.currency) ?? '',
  };
}

async function main() {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, threshold: { type: 'string' } }, allowPositionals: true });
  const params = { ...DEFAULT_DEDUPE, ...(values.threshold ? { threshold: Number(values.threshold) } : {}) };
  if (!(params.threshold > 0 && params.threshold <= 1)) throw new Error(`--threshold must be in (0, 1], got ${values.threshold}`);
  const input = positionals[0] ? createReadStream(positionals[0]) : process.stdin;
  const offers: DedupeOffer[] = [];
  let lineNo = 0;
  let skipped = 0;
  const t0 = performance.now();
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    const offer = offerFromLine(line);
    if (typeof offer === 'string') {
      skipped++;
      if (skipped <= 20) process.stderr.write(`line ${lineNo}: skipped (${offer})\n`);
      continue;
    }
    offers.push(offer);
    if (offers.length % 100_000 === 0) process.stderr.write(`read ${offers.length} offers (${seconds()} s)\n`);
  }
  process.stderr.write(`read ${offers.length} offers, skipped ${skipped} lines (${seconds()} s); indexing…\n`);
  const index = await buildIndex(offers, params, (done, total) => process.stderr.write(`indexed ${done} / ${total} (${seconds()} s)\n`));
  process.stderr.write(`clustering (threshold ${params.threshold})…\n`);
  const { groups, stats } = await detectGroups(index, params);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const rows = groups.map((g) => g.map((i) => offers[i]!.id).sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  for (const ids of rows) {
    if (!out.write(`${JSON.stringify({ groupId: ids[0], ids })}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  if (values.out) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
  const multi = rows.filter((r) => r.length > 1);
  process.stderr.write(
    `${rows.length} groups (${multi.length} with more than one offer, ${multi.reduce((s, r) => s + r.length, 0)} offers in them); ${stats.comparisons} comparisons, ${stats.largeBuckets} large buckets; ${seconds()} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
