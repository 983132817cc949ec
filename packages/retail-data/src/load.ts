import { createReadStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { EXPECTED_HEADER, RetailAccumulator } from './aggregate.ts';
import { buildDataset } from './build.ts';
import type { LoadOptions, RetailDataset } from './types.ts';

/** Environment variable that overrides the default data file. */
export const RETAIL_DATA_FILE_ENV = 'RETAIL_DATA_FILE';

/** onProgress is called after every this many rows while reading. */
export const PROGRESS_EVERY = 50_000;

/** `<repo root>/../shared/data/online-retail/online_retail.csv.gz`, the repo root found from this file. */
export function defaultRetailDataFile(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  return resolve(repoRoot, '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');
}

/** The file to read: option, then $RETAIL_DATA_FILE, then the default. */
export function resolveRetailDataFile(file?: string): string {
  const env = process.env[RETAIL_DATA_FILE_ENV];
  return resolve(file ?? (env !== undefined && env !== '' ? env : defaultRetailDataFile()));
}

/** Streams the CSV (gzip'd when the name ends in .gz) record by record into the accumulator. */
async function readInto(acc: RetailAccumulator, file: string, opts: LoadOptions): Promise<void> {
  const source = createReadStream(file);
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, bom: true });
  const gunzip = file.endsWith('.gz') ? createGunzip() : null;
  const fail = (err: Error) => parser.destroy(err);
  source.on('error', fail);
  if (gunzip) {
    gunzip.on('error', fail);
    source.pipe(gunzip).pipe(parser);
  } else {
    source.pipe(parser);
  }
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  let header = true;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        if (rec.length !== EXPECTED_HEADER.length || rec.some((c, i) => c.trim() !== EXPECTED_HEADER[i])) {
          throw new Error(`${file}: unexpected header ${JSON.stringify(rec)}`);
        }
        continue;
      }
      if (acc.rows >= maxRows) break;
      acc.add(rec);
      if (acc.rows % PROGRESS_EVERY === 0) opts.onProgress?.({ rows: acc.rows, totalRows: null, phase: 'read' });
    }
  } finally {
    // Stops the file and gunzip streams when the loop ended early (maxRows or an error).
    gunzip?.destroy();
    source.destroy();
  }
}

/**
 * Reads the Online Retail file and derives products, customers, invoices and cancellations with the
 * rules documented in the package README. Same file + same `now` -> identical output.
 */
export async function loadRetailDataset(opts: LoadOptions = {}): Promise<RetailDataset> {
  const file = resolveRetailDataFile(opts.file);
  if (!existsSync(file)) throw new Error(`retail data file not found: ${file} (set ${RETAIL_DATA_FILE_ENV} or pass file)`);
  if (opts.maxRows !== undefined && (!Number.isInteger(opts.maxRows) || opts.maxRows < 0)) {
    throw new Error(`maxRows must be a non-negative integer, got ${opts.maxRows}`);
  }
  const acc = new RetailAccumulator();
  await readInto(acc, file, opts);
  opts.onProgress?.({ rows: acc.rows, totalRows: acc.rows, phase: 'build' });
  const dataset = buildDataset(acc, opts.now ?? new Date(), file);
  opts.onProgress?.({ rows: acc.rows, totalRows: acc.rows, phase: 'done' });
  return dataset;
}
