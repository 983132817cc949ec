/**
 * Largest Contentful Paint and first-load JavaScript of the storefront's search and product pages, on a production
 * build in headless Chromium (Debian's, driven by playwright-core), against a freshly seeded platform:
 *
 *   node scripts/pnpm.mjs --filter @emporium/web run build
 *   npx tsx bench/storefront/lcp-bench.ts [--loads 20]          # or: node scripts/pnpm.mjs --filter @emporium/bench run storefront
 *
 * Every load is a cold first visit: a new browser context (empty cache, no cookies), 1280×900, no CPU or network
 * throttling (loopback). LCP is the last `largest-contentful-paint` entry a buffered PerformanceObserver reports
 * once the page has loaded and settled. First-load JS is what the network log shows: the encoded (gzip, as
 * `next start` sends it) body bytes of every script the page fetched. Results are printed and appended to
 * bench/storefront/RESULTS.md. Targets (issue 8): LCP p95 ≤ 1.2 s, first-load JS ≤ 200 KB gzipped.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '../../e2e/node_modules/playwright-core/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/browser/storefront-server.ts';
import { machineInfo } from '../lib/machine.ts';
import { bootStorefront } from './boot.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LOADS = Math.max(1, arg('--loads', 20));
const LCP_TARGET_MS = 1200;
const JS_TARGET_KB = 200;
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Load {
  lcpMs: number;
  lcpElement: string;
  jsGzipBytes: number;
  jsFiles: number;
}

/** Runs in the page: waits for the load event and a quiet moment, then reads the final LCP entry and the scripts. */
const MEASURE = `new Promise((resolve) => {
  let lcp = null;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) lcp = e; }).observe({ type: 'largest-contentful-paint', buffered: true });
  const done = () => setTimeout(() => {
    const scripts = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script' || /\\.js(\\?|$)/.test(r.name));
    const el = lcp && lcp.element ? lcp.element.tagName.toLowerCase() + (lcp.element.id ? '#' + lcp.element.id : '') : 'none';
    resolve({ lcpMs: lcp ? lcp.startTime : -1, lcpElement: el, jsGzipBytes: scripts.reduce((n, r) => n + r.encodedBodySize, 0), jsFiles: scripts.length });
  }, 1000);
  if (document.readyState === 'complete') done(); else addEventListener('load', done, { once: true });
})`;

async function measure(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    return (await page.evaluate(MEASURE)) as Load;
  } finally {
    await context.close();
  }
}

const booted = await bootStorefront();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const rows: string[] = [];
let failed = false;
try {
  // A popular in-stock product and a common search of the demo catalogue.
  const res = await fetch(booted.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ products(first: 1) { edges { node { slug } } } }' }),
  });
  const slug = ((await res.json()) as { data: { products: { edges: { node: { slug: string } }[] } } }).data.products.edges[0]!.node.slug;
  const pages = [
    { name: 'search', path: '/search?q=christmas' },
    { name: 'product', path: `/products/${slug}` },
  ];
  for (const { name, path } of pages) {
    const url = `${booted.web.url}${path}`;
    await measure(browser, url); // warm-up: server-side code paths and the gateway's query plans
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) {
      loads.push(await measure(browser, url));
      if ((i + 1) % 5 === 0 || i + 1 === LOADS) log(`  ${name}: ${i + 1}/${LOADS} loads`);
    }
    const lcp = loads.map((l) => l.lcpMs).sort((a, b) => a - b);
    const js = loads[loads.length - 1]!;
    const p95 = pct(lcp, 95);
    const jsKb = js.jsGzipBytes / 1024;
    const ok = p95 <= LCP_TARGET_MS && jsKb <= JS_TARGET_KB;
    failed ||= !ok;
    const elements = [...new Set(loads.map((l) => l.lcpElement))].join(', ');
    rows.push(`| ${name} | \`${path}\` | ${LOADS} | ${pct(lcp, 50).toFixed(0)} | ${p95.toFixed(0)} | ${lcp.at(-1)!.toFixed(0)} | ${elements} | ${js.jsFiles} | ${jsKb.toFixed(1)} | ${ok ? 'met' : 'MISSED'} |`);
  }
} finally {
  await browser.close();
  await booted.stop();
}

const m = machineInfo();
const section = [
  `## ${m.date}`,
  '',
  `commit ${m.commit} · ${m.cores} cores (${m.cpu}) · ${m.memoryGiB} GiB · Node ${m.node} · Chromium headless (${CHROMIUM_PATH})`,
  '',
  `command: \`npx tsx bench/storefront/lcp-bench.ts --loads ${LOADS}\` (production build, e2e data set, cold context per load, 1280×900, no throttling)`,
  '',
  '| page | path | loads | LCP p50 (ms) | LCP p95 (ms) | LCP max (ms) | LCP element | JS files | first-load JS (KB gzip) | targets (p95 ≤ 1,200 ms, JS ≤ 200 KB) |',
  '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |',
  ...rows,
  '',
].join('\n');
console.log(section);
const results = join(import.meta.dirname, 'RESULTS.md');
if (!existsSync(results)) writeFileSync(results, '# Storefront: Largest Contentful Paint and first-load JavaScript\n\nAppended by `bench/storefront/lcp-bench.ts` (see its header); newest last.\n\n');
appendFileSync(results, section + '\n');
if (failed) process.exitCode = 1;
