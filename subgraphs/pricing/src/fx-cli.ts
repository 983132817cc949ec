/**
 * Loads an exchange-rate file into the pricing database, replacing the current rates:
 *
 *   pnpm --filter @emporium/subgraph-pricing fx:load [file]     (default: data/fx-rates.json, the demo rates)
 *
 * Uses the pricing subgraph's configuration (DATABASE_URL / PRICING_DATABASE_URL, else the PGlite directory under
 * DATA_DIR — stop `npm start` first: a PGlite directory can be open in one process only). The file format is in the
 * README (exchange rates). Drops the cached rate table so running subgraphs use the new rates within a request.
 */
import { resolve } from 'node:path';
import { openPricingRuntime } from './runtime.ts';
import { DEMO_FX_FILE, forgetFxTable, loadFxRates, readFxFile } from './fx.ts';

const arg = process.argv[2];
const file = arg ? resolve(process.env.INIT_CWD ?? process.cwd(), arg) : DEMO_FX_FILE;
let set;
try {
  set = readFxFile(file);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
process.stderr.write(`read ${Object.keys(set.rates).length} rates as of ${set.asOf.toISOString()} from ${String(file)}\n`);
const rt = await openPricingRuntime();
try {
  process.stderr.write(`loading into ${rt.db.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${rt.config.pgliteDir})`}…\n`);
  const n = await loadFxRates(rt.db.db, set, rt.clock.now());
  await forgetFxTable(rt);
  process.stderr.write(`loaded ${n} rates; source: ${set.source}\n`);
} finally {
  await rt.close();
}
