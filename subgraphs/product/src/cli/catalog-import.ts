/**
 * pnpm catalog:import <file> [--format csv|jsonl] [--batch-size N] [--dry-run]
 *
 * Imports a catalog file (CSV with a header line, or JSON Lines; see the product README "Catalog import") through the
 * running subgraphs: products to the product subgraph (`importProducts`), prices to pricing (`importPrices`), stock to
 * inventory (`importStock`), each called directly with this service's signed token. Works the same against the
 * embedded platform (`npm start`; keys from DATA_DIR/keys) and subgraphs run separately (AUTH_SERVICE_PRIVATE_KEY,
 * <NAME>_URL). Refused lines are printed with their line number and reason and counted; the others still load.
 * Exit code: 0 all lines imported, 1 some lines refused, 2 usage or configuration error.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootOrExplain, ConfigError, createServiceClient, loadKeys, loadServiceConfig, serviceTokenSource } from '@emporium/kit';
import { formatOf, type CatalogFormat } from '../import/read.ts';
import { importCatalogFile, type ImportSummary } from '../import/run.ts';

const USAGE = 'Usage: catalog:import <file> [--format csv|jsonl] [--batch-size 1-500] [--dry-run]';
const MAX_PRINTED = 200;

await bootOrExplain(async () => {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !['--format', '--batch-size'].includes(args[i - 1] ?? ''));
  if (positional.length !== 1) throw new ConfigError(`Give exactly one file.\n${USAGE}`);
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), positional[0]!);
  if (!existsSync(file)) throw new ConfigError(`No such file: ${file}`);
  const format = (valueOf('--format') ?? formatOf(file)) as CatalogFormat | null;
  if (format !== 'csv' && format !== 'jsonl') throw new ConfigError(`Cannot tell the format of ${file}: name it .csv or .jsonl, or pass --format csv|jsonl.`);
  const batchSize = Number(valueOf('--batch-size') ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) throw new ConfigError(`--batch-size must be a whole number from 1 to 500.`);
  const dryRun = args.includes('--dry-run');

  const config = loadServiceConfig('product');
  const keys = loadKeys({ keysDir: join(config.dataDir, 'keys'), generate: false });
  if (!keys.service.privateKey) throw new ConfigError('The service key has no private part: set AUTH_SERVICE_PRIVATE_KEY to sign service tokens.');
  const client = createServiceClient({ service: 'product', token: serviceTokenSource(keys.service, 'product'), timeoutMs: 120_000 });

  const started = Date.now();
  let printed = 0;
  const rate = (s: ImportSummary) => Math.round(s.lines / Math.max(0.001, (Date.now() - started) / 1000));
  process.stderr.write(`${dryRun ? 'checking' : 'importing'} ${file} (${format}, batches of ${batchSize})\n`);
  let lastProgress = 0;
  const summary = await importCatalogFile({
    source: file,
    format,
    client,
    batchSize,
    dryRun,
    onFailure: (f) => {
      if (printed++ < MAX_PRINTED) process.stderr.write(`line ${f.line}${f.sku ? ` (${f.sku})` : ''}: ${f.reason}\n`);
      else if (printed === MAX_PRINTED + 1) process.stderr.write(`… further refused lines are counted, not printed\n`);
    },
    onProgress: (s) => {
      if (Date.now() - lastProgress < 1000) return;
      lastProgress = Date.now();
      process.stderr.write(`  ${s.lines.toLocaleString('en')} lines · ${s.imported.toLocaleString('en')} imported · ${s.failed.toLocaleString('en')} refused · ${rate(s).toLocaleString('en')} lines/s\n`);
    },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      `${dryRun ? 'checked' : 'imported'} ${file} in ${secs} s`,
      `  lines read      ${summary.lines}`,
      `  ${dryRun ? 'valid          ' : 'imported       '} ${summary.imported}${dryRun ? '' : ` (${summary.created} new products, ${summary.updated} updated)`}`,
      ...(dryRun ? [] : [`  prices changed  ${summary.pricesChanged}`, `  stock changed   ${summary.stockChanged}`]),
      `  refused         ${summary.failed}`,
    ].join('\n'),
  );
  process.exitCode = summary.failed > 0 ? 1 : 0;
});
