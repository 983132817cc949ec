/**
 * Search relevance on the judged query set: every query of queries.jsonl through the real `searchProducts` of an
 * in-process product subgraph seeded with the demo catalog (in-memory PGlite, or a scratch PostgreSQL database when
 * DATABASE_URL is set), scored with MRR@10 and recall@10 overall, per query class and per typo kind; the worst 10
 * queries listed. Writes bench/search/RELEVANCE.md (keeping its history table, one row per run).
 *
 *   node scripts/pnpm.mjs --filter @emporium/bench relevance [-- --label "what changed"]
 *   npx tsx bench/search/relevance/evaluate.ts [--label "what changed"] [--no-write] [--details out.jsonl]
 *
 * `--details` also writes every query's scores and top 10 titles (for looking at failures).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CUTOFF, loadDemoData, openSeededCatalog, type SearchOutcome } from './catalog.ts';
import { reciprocalRank, recallAt, summarize, worst, type QueryScore, type Summary } from './metrics.ts';
import { readQueries, type JudgedQuery } from './queries.ts';

const args = process.argv.slice(2);
const label = args.includes('--label') ? (args[args.indexOf('--label') + 1] ?? '') : '';
const write = !args.includes('--no-write');
const details = args.includes('--details') ? args[args.indexOf('--details') + 1] : undefined;
const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (x: number) => x.toFixed(3);

interface Scored extends QueryScore {
  query: JudgedQuery;
  outcome: SearchOutcome;
}

const queries = readQueries(readFileSync(join(import.meta.dirname, 'queries.jsonl'), 'utf8'));
log(`${queries.length} judged queries`);
const started = performance.now();
const data = await loadDemoData(log);
const known = new Set(data.products.map((p) => p.sku));
const missing = queries.flatMap((q) => q.relevant.filter((s) => !known.has(s)).map((s) => `${q.id}:${s}`));
if (missing.length > 0) log(`warning: ${missing.length} judged SKUs are not in the catalog (${missing.slice(0, 5).join(', ')} …): rebuild the candidates`);
log(`seeding ${data.products.length} products…`);
const catalog = await openSeededCatalog(data, log);
const scored: Scored[] = [];
try {
  log(`searching (${catalog.kind})…`);
  for (const [i, q] of queries.entries()) {
    const outcome = await catalog.search(q.text);
    const relevant = new Set(q.relevant);
    scored.push({ id: q.id, group: q.class, rr: reciprocalRank(outcome.skus, relevant, CUTOFF), recall: recallAt(outcome.skus, relevant, CUTOFF), query: q, outcome });
    if ((i + 1) % 25 === 0 || i + 1 === queries.length) log(`  ${i + 1} / ${queries.length}`);
  }
} finally {
  await catalog.close();
}
const seconds = (performance.now() - started) / 1000;

const { overall, groups } = summarize(scored);
const typoOps = summarize(scored.filter((s) => s.group === 'typo').map((s) => ({ ...s, group: s.query.op ?? '?' }))).groups;
const cleanTypo = summarize(scored.map((s) => ({ ...s, group: s.group === 'typo' ? 'typo' : 'clean' }))).groups;
const bad = worst(scored, 10);

const row = (name: string, s: Summary) => `| ${name} | ${s.queries} | ${fmt(s.mrr)} | ${fmt(s.recall)} |`;
const git = (...a: string[]) => {
  try {
    return execFileSync('git', a, { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
const dirty = git('status', '--porcelain', '--', '../../../subgraphs/product/src/search') !== '' ? ' + uncommitted changes in subgraphs/product/src/search' : '';
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const command = 'node scripts/pnpm.mjs --filter @emporium/bench relevance';
const cell = (s: string) => s.replaceAll('|', '\\|');

const report = [
  '# Search relevance',
  '',
  `Judged query set: \`bench/search/relevance/queries.jsonl\` (${queries.length} queries built from the demo catalog; rules in`,
  '`bench/search/relevance/README.md`). Each query runs through the real `searchProducts(query, first: 10)` of the',
  'product subgraph, in-process, seeded with the demo catalog. **MRR@10**: mean of 1/rank of the first relevant product in',
  'the top 10 (0 when none). **recall@10**: relevant products in the top 10 ÷ min(relevant, 10), averaged.',
  '',
  `Latest run: ${date} · commit \`${commit}\`${dirty} · ${catalog.kind}, ${catalog.products.toLocaleString('en-GB')} products · Node ${process.version}, ${cpus().length} cores · ${seconds.toFixed(0)} s`,
  '',
  '```sh',
  `cd /work/main && ${command}    # or: npx tsx bench/search/relevance/evaluate.ts --label "…"`,
  '```',
  '',
  '| queries | n | MRR@10 | recall@10 |',
  '| --- | ---: | ---: | ---: |',
  row('**all**', overall),
  ...[...(cleanTypo.get('clean') ? [row('all clean', cleanTypo.get('clean')!)] : [])],
  ...[...groups].map(([g, s]) => row(g, s)),
  ...[...typoOps].map(([op, s]) => row(`typo: ${op}`, s)),
  '',
  '## Worst 10 queries',
  '',
  '| id | query | relevant | RR | recall | top 3 returned | did you mean |',
  '| --- | --- | ---: | ---: | ---: | --- | --- |',
  ...bad.map(
    (s) =>
      `| ${s.id} | ${cell(s.query.text)} | ${s.query.relevant.length} | ${fmt(s.rr)} | ${fmt(s.recall)} | ${cell(s.outcome.titles.slice(0, 3).join('; ') || '(nothing)')} | ${cell(s.outcome.didYouMean ?? '')} |`,
  ),
  '',
].join('\n');

const file = join(import.meta.dirname, '..', 'RELEVANCE.md');
const historyHead = ['## History', '', 'One row per run (newest last), appended by the evaluation.', '', '| date | commit | label | MRR@10 | recall@10 | clean MRR@10 | typo MRR@10 | typo recall@10 |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'];
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
const oldRows = previous.includes('## History') ? previous.slice(previous.indexOf('## History')).split('\n').filter((l) => l.startsWith('| 20')) : [];
const typo = groups.get('typo');
const newRow = `| ${date} | ${commit}${dirty ? '+' : ''} | ${cell(label)} | ${fmt(overall.mrr)} | ${fmt(overall.recall)} | ${fmt(cleanTypo.get('clean')?.mrr ?? 0)} | ${fmt(typo?.mrr ?? 0)} | ${fmt(typo?.recall ?? 0)} |`;
const notes = previous.includes('## Notes') ? previous.slice(previous.indexOf('## Notes'), previous.includes('## History') && previous.indexOf('## History') > previous.indexOf('## Notes') ? previous.indexOf('## History') : undefined).trimEnd() + '\n\n' : '';
const output = `${report}\n${notes}${[...historyHead, ...oldRows, newRow].join('\n')}\n`;
console.log(report);
if (details) {
  writeFileSync(details, scored.map((s) => JSON.stringify({ id: s.id, text: s.query.text, of: s.query.of, relevant: s.query.relevant.length, rr: s.rr, recall: s.recall, didYouMean: s.outcome.didYouMean, total: s.outcome.totalCount, top: s.outcome.titles })).join('\n') + '\n');
  log(`wrote ${details}`);
}
if (write) {
  writeFileSync(file, output);
  log(`wrote ${file}`);
}
