/**
 * pnpm --filter @emporium/subgraph-pricing prices:bulk-load <file.tsv>
 *
 * Loads base prices in bulk (see src/bulk-load.ts) with the pricing subgraph's own configuration (DATABASE_URL /
 * PRICING_DATABASE_URL, else the PGlite directory under DATA_DIR — stop `npm start` first). The product subgraph's
 * `catalog:bulk-load` runs it on the hand-off file it writes. Exit code 1 when lines were refused.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bootOrExplain, ConfigError, createLogger, loadServiceConfig } from '@emporium/kit';
import { bulkLoadPrices } from './bulk-load.ts';
import { openPricingRuntime } from './runtime.ts';

await bootOrExplain(async () => {
  const arg = process.argv[2];
  if (!arg) throw new ConfigError('Usage: prices:bulk-load <file.tsv> (product_id, amount in minor units, currency; tab-separated)');
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  if (!existsSync(file)) throw new ConfigError(`No such file: ${file}`);
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[pricing ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
  const rt = await openPricingRuntime({ config: { ...loadServiceConfig('pricing'), logLevel: 'warn' }, logger: createLogger('pricing', 'warn') });
  try {
    const s = await bulkLoadPrices(rt, file, log);
    for (const r of s.reasons) process.stderr.write(`${r}\n`);
    log(`${s.lines} lines: ${s.changed} prices new or changed, ${s.refused} refused`);
    process.exitCode = s.refused > 0 ? 1 : 0;
  } finally {
    await rt.close();
  }
});
