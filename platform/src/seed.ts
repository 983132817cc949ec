import { formatDropReport, loadRetailDataset, type RetailDataset } from '@emporium/retail-data';
import type { SchemaModule, ServiceRuntime } from '@emporium/kit';
import { subgraphModules } from './subgraphs.ts';

/** What to seed from: the Online Retail file (default path from @emporium/retail-data), optionally only its first rows. */
export interface SeedOptions {
  file?: string;
  maxRows?: number;
  now?: Date;
  /** Seed even subgraphs that already hold data (seeds are idempotent upserts). */
  force?: boolean;
}

/**
 * Seeds every subgraph that is still empty from the real Online Retail data, each through its own seed function and
 * into its own tables. The data set is read once; progress and the drop report go to `progress`.
 */
export async function seedPlatform(
  runtimes: Record<string, ServiceRuntime<SchemaModule>>,
  opts: SeedOptions = {},
  progress: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<{ dataset: RetailDataset | null; counts: Record<string, Record<string, number>> }> {
  const pending: typeof subgraphModules = [];
  for (const mod of subgraphModules) {
    const rt = runtimes[mod.name];
    if (rt && (opts.force || !(await mod.seeded(rt)))) pending.push(mod);
  }
  if (pending.length === 0) return { dataset: null, counts: {} };
  progress(`seeding ${pending.map((m) => m.name).join(', ')} from the Online Retail data set…`);
  let lastRows = 0;
  const dataset = await loadRetailDataset({
    ...(opts.file ? { file: opts.file } : {}),
    ...(opts.maxRows ? { maxRows: opts.maxRows } : {}),
    now: opts.now ?? runtimes.product?.clock.now() ?? new Date(),
    onProgress: (p) => {
      if (p.rows - lastRows >= 100_000 || p.phase !== 'read') {
        lastRows = p.rows;
        progress(`  ${p.phase}: ${p.rows.toLocaleString('en-GB')}${p.totalRows ? ` / ${p.totalRows.toLocaleString('en-GB')}` : ''} rows`);
      }
    },
  });
  progress(formatDropReport(dataset));
  const counts: Record<string, Record<string, number>> = {};
  for (const mod of pending) {
    const started = Date.now();
    let lastPct = -1;
    counts[mod.name] = await mod.seed(runtimes[mod.name]!, dataset, (done, total) => {
      const pct = total ? Math.floor((done / total) * 10) * 10 : 100;
      if (pct !== lastPct) {
        lastPct = pct;
        progress(`  ${mod.name}: ${pct}% (${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')})`);
      }
    });
    progress(`  ${mod.name}: seeded ${JSON.stringify(counts[mod.name])} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { dataset, counts };
}
