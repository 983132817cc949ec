#!/usr/bin/env node
/**
 * First-load JavaScript per route of the production build: the chunks Next.js lists for each route in
 * `.next/diagnostics/route-bundle-stats.json`, summed uncompressed and gzipped (zlib level 6, what HTTP servers and
 * CDNs typically use; level 9 is printed too). Run after `pnpm --filter @emporium/web build`:
 *
 *   node web/scripts/first-load-js.mjs            # every route
 *   node web/scripts/first-load-js.mjs / /products/[slug]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const statsFile = join(webDir, '.next', 'diagnostics', 'route-bundle-stats.json');
if (!existsSync(statsFile)) {
  console.error(`No build statistics at ${statsFile}: run \`pnpm --filter @emporium/web build\` first.`);
  process.exit(1);
}
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
const wanted = process.argv.slice(2);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const rows = [];
for (const { route, firstLoadChunkPaths } of stats) {
  if (wanted.length > 0 && !wanted.includes(route)) continue;
  let raw = 0;
  let gz6 = 0;
  let gz9 = 0;
  for (const chunk of firstLoadChunkPaths) {
    const bytes = readFileSync(join(webDir, chunk));
    raw += bytes.length;
    gz6 += gzipSync(bytes, { level: 6 }).length;
    gz9 += gzipSync(bytes, { level: 9 }).length;
  }
  rows.push({ route, chunks: firstLoadChunkPaths.length, raw, gz6, gz9 });
}
rows.sort((a, b) => a.route.localeCompare(b.route));
console.log('| route | chunks | uncompressed | gzip -6 | gzip -9 |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| \`${r.route}\` | ${r.chunks} | ${kb(r.raw)} | ${kb(r.gz6)} | ${kb(r.gz9)} |`);
