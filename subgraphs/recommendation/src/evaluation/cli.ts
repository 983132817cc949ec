/**
 * The offline evaluation command (see EVALUATION.md):
 *
 *   cd subgraphs/recommendation && npx tsx src/evaluation/cli.ts [--max-rows N] [--write]
 *
 * Reads the Online Retail data set, replays it twice — the validation split (second-to-last orders) to choose the HOME
 * weights from a small grid, then the test split (last orders) — and prints the report; `--write` also writes
 * EVALUATION.md.
 * Progress goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { loadRetailDataset } from '@emporium/retail-data';
import { CONTEXT_WEIGHTS, SEED_WEIGHTS, STRATEGIES } from '../engine/ensemble.ts';
import { DEFAULT_PARAMS } from '../engine/params.ts';
import { evaluate } from './evaluate.ts';
import { alternativeName, chooseAlternative, weightGrid } from './grid.ts';
import { formatEvaluation } from './report.ts';
import { evaluationDataFromRetail } from './retail.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const maxRowsArg = value('--max-rows');
const maxRows = maxRowsArg === undefined ? undefined : Number(maxRowsArg);
if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0)) {
  process.stderr.write(`--max-rows must be a positive integer, got ${maxRowsArg}.\n`);
  process.exit(2);
}
const command = ['npx tsx src/evaluation/cli.ts', ...args].join(' ');
const log = (s: string) => process.stderr.write(s + '\n');

const started = Date.now();
log('reading the Online Retail data set…');
// A fixed "now" (the data's own last day) keeps the dates as in the source; results do not depend on it.
const data = await loadRetailDataset({
  now: new Date('2011-12-09T12:00:00Z'),
  ...(maxRows ? { maxRows } : {}),
  onProgress: (p) => log(`  ${p.phase}: ${p.rows.toLocaleString('en-GB')} rows`),
});
const input = evaluationDataFromRetail(data);
const loadedMs = Date.now() - started;
const progress = (pass: string) => (p: { orders: number; totalOrders: number; customers: number; totalCustomers: number }) =>
  log(
    `  ${pass} ${Math.round((100 * p.orders) / p.totalOrders)}%: ${p.orders.toLocaleString('en-GB')} / ${p.totalOrders.toLocaleString('en-GB')} orders, ` +
      `${p.customers.toLocaleString('en-GB')} / ${p.totalCustomers.toLocaleString('en-GB')} customers evaluated`,
  );

log(`validation pass: ${input.orders.length.toLocaleString('en-GB')} orders, second-to-last orders, ${Object.keys(weightGrid()).length} weight tables…`);
let t0 = Date.now();
const validation = evaluate(input, { holdout: 'penultimate', alternatives: weightGrid(), onProgress: progress('validation') });
const validationMs = Date.now() - t0;
const chosen = chooseAlternative(validation);
const choice = weightGrid()[chosen]!;
const served = CONTEXT_WEIGHTS.HOME;
const servedMatchesChoice = STRATEGIES.every((s) => served[s] === choice.weights[s]) && DEFAULT_PARAMS.maxPerCategory === choice.maxPerCategory;
log(`validation chose: ${chosen}${servedMatchesChoice ? ' (= served HOME weights)' : ' — NOT the served HOME weights'}`);

log('test pass: last orders…');
t0 = Date.now();
const seed = { ...SEED_WEIGHTS, BUY_AGAIN: served.BUY_AGAIN };
const result = evaluate(input, {
  holdout: 'last',
  alternatives: { [`seed weights (${alternativeName(seed, 3)})`]: { weights: seed, maxPerCategory: 3 } },
  onProgress: progress('test'),
});
const testMs = Date.now() - t0;
const report = formatEvaluation(validation, result, {
  command,
  sourceRows: data.sourceRows,
  loadSeconds: loadedMs / 1000,
  validationSeconds: validationMs / 1000,
  testSeconds: testMs / 1000,
  chosen,
  servedMatchesChoice,
});
process.stdout.write(report);
if (flag('--write')) {
  const file = new URL('../../EVALUATION.md', import.meta.url);
  writeFileSync(file, report);
  log(`wrote ${file.pathname}`);
}
