/**
 * Writes a large generated catalog for `pnpm catalog:import` and the bulk loader (root script `catalog:generate`):
 *
 *   pnpm catalog:generate --count 1000000 --out /tmp/catalog-1m.jsonl [--format jsonl|csv] [--seed emporium]
 *                         [--sku-prefix G] [--brands 400] [--max-rows N]
 *
 * The format follows the extension (.csv, else JSON Lines) unless --format is given. --max-rows reads only the first N
 * rows of the Online Retail file (a smaller vocabulary, faster). Progress goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { loadRetailDataset } from '../load.ts';
import { generateCatalog } from './catalog.ts';
import { CSV_HEADER, toCsvLine, toJsonLine } from './format.ts';
import { buildVocabulary } from './vocabulary.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: catalog:generate --count N --out FILE [--format jsonl|csv] [--seed TEXT] [--sku-prefix P] [--brands N] [--max-rows N]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const whole = (name: string, fallback?: number) => {
  const raw = opt(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) usage(`--${name} must be a whole number ≥ 1, got "${raw}".`);
  return n;
};
const count = whole('count') ?? usage('--count is required.');
const outArg = opt('out') ?? usage('--out is required.');
const out = resolve(process.env.INIT_CWD ?? process.cwd(), outArg);
const format = opt('format') ?? (out.endsWith('.csv') ? 'csv' : 'jsonl');
if (format !== 'csv' && format !== 'jsonl') usage(`--format must be jsonl or csv, got "${format}".`);
const maxRows = whole('max-rows');

const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(1);
process.stderr.write('reading the Online Retail data set for its vocabulary…\n');
const data = await loadRetailDataset({ ...(maxRows ? { maxRows } : {}), onProgress: (p) => p.phase === 'read' && process.stderr.write(`  ${p.rows.toLocaleString('en')} rows read\n`) });
const vocab = buildVocabulary(data.products);
process.stderr.write(`vocabulary: ${vocab.titles.length} real titles, ${vocab.next.size} words with successors, ${vocab.allPrices.length} prices (${secs()} s)\n`);

const file = createWriteStream(out);
const write = async (chunk: string) => {
  if (!file.write(chunk)) await once(file, 'drain');
};
if (format === 'csv') await write(CSV_HEADER);
let n = 0;
let buffer = '';
const step = Math.max(10_000, Math.min(250_000, Math.floor(count / 20)));
for (const p of generateCatalog(vocab, { count, seed: opt('seed') ?? 'emporium', skuPrefix: opt('sku-prefix') ?? 'G', brands: whole('brands', 400)! })) {
  buffer += format === 'csv' ? toCsvLine(p) : toJsonLine(p);
  n++;
  if (n % 1000 === 0) {
    await write(buffer);
    buffer = '';
  }
  if (n % step === 0) process.stderr.write(`  ${n.toLocaleString('en')} / ${count.toLocaleString('en')} products (${secs()} s)\n`);
}
await write(buffer);
file.end();
await once(file, 'finish');
process.stderr.write(`wrote ${n.toLocaleString('en')} products to ${out} (${format}) in ${secs()} s\n`);
