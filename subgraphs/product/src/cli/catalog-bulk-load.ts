/**
 * pnpm catalog:bulk-load <file> [--format csv|jsonl] [--out-dir DIR] [--no-handoff]
 *
 * Bulk-loads a large catalog (100K–5M lines, e.g. from `pnpm catalog:generate`) on PostgreSQL (DATABASE_URL or
 * PRODUCT_DATABASE_URL): COPY, one upsert, the search projection in chunks and one index build (src/bulk/load.ts).
 * Then, unless --no-handoff, runs pricing's `prices:bulk-load` and inventory's `stock:bulk-load` on the hand-off
 * files it wrote (each subgraph loads its own tables with its own configuration). Progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootOrExplain, ConfigError, createLogger, loadServiceConfig, repoRoot } from '@emporium/kit';
import { bulkLoadCatalog } from '../bulk/load.ts';
import { formatOf, type CatalogFormat } from '../import/read.ts';
import { openProductRuntime } from '../runtime.ts';

await bootOrExplain(async () => {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !['--format', '--out-dir'].includes(args[i - 1] ?? ''));
  if (positional.length !== 1) throw new ConfigError('Usage: catalog:bulk-load <file> [--format csv|jsonl] [--out-dir DIR] [--no-handoff]');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(cwd, positional[0]!);
  if (!existsSync(file)) throw new ConfigError(`No such file: ${file}`);
  const format = (valueOf('--format') ?? formatOf(file)) as CatalogFormat | null;
  if (format !== 'csv' && format !== 'jsonl') throw new ConfigError(`Cannot tell the format of ${file}: name it .csv or .jsonl, or pass --format.`);
  const outDir = resolve(cwd, valueOf('--out-dir') ?? `${file}.handoff`);
  mkdirSync(outDir, { recursive: true });

  const config = { ...loadServiceConfig('product'), logLevel: 'warn' as const };
  if (!config.databaseUrl) throw new ConfigError('The bulk loader needs PostgreSQL: set DATABASE_URL (or PRODUCT_DATABASE_URL). On PGlite use pnpm catalog:import.');
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
  const rt = await openProductRuntime({ config, logger: createLogger('product', 'warn') });
  let printed = 0;
  try {
    const s = await bulkLoadCatalog(rt, {
      source: file,
      format,
      outDir,
      progress: log,
      onFailure: (f) => {
        if (printed++ < 200) process.stderr.write(`line ${f.line}${f.sku ? ` (${f.sku})` : ''}: ${f.reason}\n`);
      },
    });
    console.log(`loaded ${s.loaded} of ${s.lines} lines into the product subgraph (${s.failed} refused); hand-off: ${s.prices} prices, ${s.stock} stock rows in ${outDir}`);
    if (args.includes('--no-handoff')) return;
    for (const [pkg, script, tsv] of [
      ['@emporium/subgraph-pricing', 'prices:bulk-load', s.pricesFile],
      ['@emporium/subgraph-inventory', 'stock:bulk-load', s.stockFile],
    ] as const) {
      log(`running ${pkg} ${script}`);
      const res = spawnSync(process.execPath, [join(repoRoot, 'scripts/pnpm.mjs'), '--silent', '--filter', pkg, 'run', script, tsv], { stdio: 'inherit', cwd: repoRoot });
      if (res.status !== 0) throw new Error(`${pkg} ${script} failed (exit ${res.status}); re-run it: pnpm --filter ${pkg} ${script} ${tsv}`);
    }
    log('done');
  } finally {
    await rt.close();
  }
});
