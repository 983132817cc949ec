/**
 * (Re)builds the candidate judged query set from the real catalog, for review: clean queries of four classes picked by
 * the rules in README.md, their relevant products by the rules in judge.ts, and typo'd variants (typos.ts).
 *
 *   npx tsx bench/search/relevance/build-candidates.ts            # writes candidates.jsonl and a diff against queries.jsonl
 *   npx tsx bench/search/relevance/build-candidates.ts --write    # overwrites queries.jsonl (review the diff first)
 *
 * The committed queries.jsonl is what the evaluation reads; this script never runs at evaluation time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemoData } from './catalog.ts';
import { fold, judge, STOP_WORDS, words, type JudgedProduct, type QueryClass } from './judge.ts';
import { readQueries, type JudgedQuery } from './queries.ts';
import { TYPO_OPS, typoVariant } from './typos.ts';

/** Product-type queries ("category-ish"): judged by the category rule. */
export const CATEGORY_QUERIES = [
  'candle holder', 'cake cases', 'lunch bag', 'metal sign', 'wall clock', 'photo frame', 'cushion cover',
  'hot water bottle', 'doormat', 'tea towel', 'christmas decoration', 'easter decoration', 'glass necklace',
  'drop earrings', 'glass bracelet', 'trinket box', 'storage jar', 'gift wrap', 'birthday card', 'paper napkins',
  'coffee mug', 'key ring', 'jigsaw', 'apron', 'soft toy', 'paper garland', 'hair comb', 'watering can',
  'drawer knob', 'incense', 'notebook', 'cake stand', 'tissues', 'bunting', 'parasol',
];

/** Colours for "colour + noun" queries (tags carry the data's colours under one spelling; "cream" is left out: the tag
 * also comes from "ice cream"). */
export const COLOURS = ['pink', 'blue', 'red', 'white', 'black', 'green', 'silver', 'ivory', 'purple', 'gold', 'turquoise'];

/** Words that are not the noun of a "brand/colour + noun" query. */
const NOT_NOUNS = new Set([
  'set', 'pack', 'design', 'small', 'large', 'mini', 'jumbo', 'medium', 'big', 'assorted', 'asstd', 'hanging', 'tall',
  'round', 'square', 'single', 'new', 'children', 'childrens', 'vintage', 'retro', 'colour', 'love', 'christmas',
  'wire', 'felt', 'wood', 'wooden', 'glass', 'metal', 'ceramic', 'enamel', 'paper', 'zinc', 'tin', 'flock', 'spot', 'turq',
]);

/** Realistic hand-written typos: [typo'd text, the clean query it stands for, the class of that clean query]. */
export const HAND_TYPOS: [string, string, Exclude<QueryClass, 'typo'>][] = [
  ['hart t-lite holdr', 'heart t-light holder', 'partial'],
  ['white hanging hart tlight holder', 'white hanging heart t-light holder', 'exact'],
  ['jumbo bag red retro spot', 'jumbo bag red retrospot', 'exact'],
  ['regency cake stand 3 tier', 'regency cakestand 3 tier', 'exact'],
  ['lunchbag', 'lunch bag', 'category'],
  ['tea-towel', 'tea towel', 'category'],
  ['door mat', 'doormat', 'category'],
  ['christmass decorations', 'christmas decoration', 'category'],
  ['neckless', 'necklace', 'partial'],
  ['cushon cover', 'cushion cover', 'category'],
  ['candel holder', 'candle holder', 'category'],
  ['paisly cake cases', 'paisley cake cases', 'partial'],
  ['spaceboy lunchbox', 'spaceboy lunch box', 'brand-colour'],
  ['hot water botle', 'hot water bottle', 'category'],
  ['alarm clok', 'alarm clock', 'partial'],
];

/** Words of range (brand) names, never the noun of a query ("retrospot", "teatime"): set by brandColourQueries. */
let brandWords = new Set<string>();

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const meaningful = (w: string) => !STOP_WORDS.has(w) && !/^\d+$/.test(w);

/** Exact titles: the first 30 products in sku-hash order whose titles have 3+ meaningful words. */
function exactQueries(catalog: readonly JudgedProduct[], order: readonly JudgedProduct[]): { text: string; source: string }[] {
  return order
    .filter((p) => words(p.title).filter(meaningful).length >= 3)
    .slice(0, 30)
    .map((p) => ({ text: p.title.toLowerCase(), source: p.sku }))
    .filter((q) => judge('exact', q.text, catalog).length > 0);
}

/**
 * Partial titles: for the next products in sku-hash order, the run of 2–3 consecutive title words (plain words: letters,
 * inner hyphens or apostrophes; no stop word at either end) with the most relevant products, at most 10 (ties: the
 * shorter, then the earlier run) — the phrase a shopper would type for that product and its close siblings.
 */
function partialQueries(catalog: readonly JudgedProduct[], order: readonly JudgedProduct[], skip: ReadonlySet<string>): { text: string; source: string }[] {
  const out: { text: string; source: string }[] = [];
  const seen = new Set<string>();
  for (const p of order) {
    if (out.length >= 30) break;
    if (skip.has(p.sku)) continue;
    const ws = p.title.toLowerCase().split(/\s+/);
    let best: { text: string; n: number; len: number } | null = null;
    for (const len of [2, 3]) {
      for (let i = 0; i + len <= ws.length; i++) {
        const span = ws.slice(i, i + len);
        if (!span.every((t) => /^[a-z]+(['-][a-z]+)?$/.test(t))) continue;
        const first = words(span[0]!)[0];
        const last = words(span.at(-1)!).at(-1);
        if (!first || !last || !meaningful(first) || !meaningful(last)) continue;
        if (words(span.join(' ')).filter(meaningful).length < 2) continue;
        const text = span.join(' ').replace(/[.,;:]+$/, '');
        const n = judge('partial', text, catalog).length;
        if (n === 0 || n > 10) continue;
        if (!best || n > best.n) best = { text, n, len };
      }
    }
    if (best && !seen.has(best.text)) {
      seen.add(best.text);
      out.push({ text: best.text, source: p.sku });
    }
  }
  return out;
}

/** The most frequent noun among these products' titles (2+ products; ties alphabetical), leaving out `exclude` words. */
function topNoun(products: readonly JudgedProduct[], exclude: ReadonlySet<string>): string | null {
  exclude = new Set([...exclude, ...brandWords]);
  const counts = new Map<string, number>();
  for (const p of products) {
    for (const w of new Set(words(p.title).filter((x) => x.length >= 3 && meaningful(x)).map(fold))) {
      if (exclude.has(w) || NOT_NOUNS.has(w) || COLOURS.includes(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const [best] = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return best?.[0] ?? null;
}

/**
 * Brand/colour + noun: every range (brand) with 4+ products → "<brand> <its most common title noun>"; each colour →
 * "<colour> <most common noun among products tagged with it>"; the 8 largest ranges → "<colour> <brand> <noun>" for
 * their most common colour tag and noun together.
 */
function brandColourQueries(catalog: readonly JudgedProduct[]): { text: string; source: string }[] {
  brandWords = new Set(catalog.filter((p) => p.brand !== 'Emporium Essentials').flatMap((p) => [...words(p.brand).map(fold), words(p.brand).join('')]));
  const out: { text: string; source: string }[] = [];
  const byBrand = new Map<string, JudgedProduct[]>();
  for (const p of catalog) if (p.brand !== 'Emporium Essentials') byBrand.set(p.brand, [...(byBrand.get(p.brand) ?? []), p]);
  const brands = [...byBrand].filter(([, ps]) => ps.length >= 4).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [brand, ps] of brands.slice(0, 24)) {
    const noun = topNoun(ps, new Set(words(brand).map(fold)));
    if (noun) out.push({ text: `${brand.toLowerCase()} ${noun}`, source: `brand:${brand}` });
  }
  for (const colour of COLOURS) {
    const noun = topNoun(catalog.filter((p) => p.tags.includes(colour)), new Set());
    if (noun) out.push({ text: `${colour} ${noun}`, source: `colour:${colour}` });
  }
  for (const [brand, ps] of brands.slice(0, 8)) {
    const counts = new Map<string, number>();
    for (const p of ps) {
      const nouns = new Set(words(p.title).map(fold).filter((w) => w.length >= 3 && meaningful(w) && !NOT_NOUNS.has(w) && !COLOURS.includes(w) && !brandWords.has(w)));
      for (const c of p.tags.filter((t) => COLOURS.includes(t))) for (const n of nouns) counts.set(`${c} ${n}`, (counts.get(`${c} ${n}`) ?? 0) + 1);
    }
    const [best] = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (best) {
      const [colour, noun] = best[0].split(' ');
      out.push({ text: `${colour} ${brand.toLowerCase()} ${noun}`, source: `brand:${brand}+colour:${colour}` });
    }
  }
  return out;
}

/** Builds the whole candidate set from the catalog. */
export function buildCandidates(catalog: readonly JudgedProduct[]): JudgedQuery[] {
  const order = [...catalog].sort((a, b) => hash(a.sku).localeCompare(hash(b.sku)));
  const clean: JudgedQuery[] = [];
  const add = (cls: Exclude<QueryClass, 'typo'>, qs: { text: string; source: string }[]) => {
    qs.forEach((q, i) => {
      const relevant = judge(cls, q.text, catalog);
      if (relevant.length > 0) clean.push({ id: `${cls}-${String(i + 1).padStart(3, '0')}`, class: cls, text: q.text, relevant, source: q.source });
    });
  };
  const exact = exactQueries(catalog, order);
  add('exact', exact);
  add('partial', partialQueries(catalog, order, new Set(exact.map((q) => q.source))));
  add('category', CATEGORY_QUERIES.map((text) => ({ text, source: 'list' })));
  add('brand-colour', brandColourQueries(catalog));

  // Typo'd variants of every other clean query, cycling through the operations (the next one that applies).
  const typos: JudgedQuery[] = [];
  clean
    .filter((_, i) => i % 2 === 0)
    .forEach((q, k) => {
      for (let step = 0; step < TYPO_OPS.length; step++) {
        const op = TYPO_OPS[(k + step) % TYPO_OPS.length]!;
        const text = typoVariant(q.text, op, q.id);
        if (text && text !== q.text) {
          typos.push({ id: `typo-${String(typos.length + 1).padStart(3, '0')}`, class: 'typo', op, of: q.id, text, relevant: q.relevant, source: q.source });
          return;
        }
      }
    });
  HAND_TYPOS.forEach(([text, cleanText, cls], i) => {
    const relevant = judge(cls, cleanText, catalog);
    if (relevant.length > 0) typos.push({ id: `typo-hand-${String(i + 1).padStart(2, '0')}`, class: 'typo', op: 'hand', of: `${cls}:${cleanText}`, text, relevant, source: 'list' });
  });
  return [...clean, ...typos];
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const data = await loadDemoData(log);
  const catalog: JudgedProduct[] = data.products.map((p) => ({ sku: p.sku, title: p.title, brand: p.brand, categoryPath: p.categoryPath, tags: p.tags }));
  const candidates = buildCandidates(catalog);
  const text = candidates.map((q) => JSON.stringify(q)).join('\n') + '\n';
  const committedFile = join(import.meta.dirname, 'queries.jsonl');
  const target = process.argv.includes('--write') ? committedFile : join(import.meta.dirname, 'candidates.jsonl');
  const counts = new Map<string, number>();
  for (const q of candidates) counts.set(q.class, (counts.get(q.class) ?? 0) + 1);
  log(`${candidates.length} queries: ${[...counts].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (existsSync(committedFile) && target !== committedFile) {
    const committed = new Map(readQueries(readFileSync(committedFile, 'utf8')).map((q) => [q.id, q]));
    let changed = 0;
    for (const q of candidates) {
      const c = committed.get(q.id);
      if (!c || c.text !== q.text || c.relevant.join() !== q.relevant.join()) {
        changed++;
        log(`  ${c ? 'changed' : 'new'} ${q.id}: ${JSON.stringify(q.text)} (${q.relevant.length} relevant)${c ? ` was ${JSON.stringify(c.text)} (${c.relevant.length})` : ''}`);
      }
    }
    for (const id of committed.keys()) if (!candidates.some((q) => q.id === id)) log(`  gone ${id}`), changed++;
    log(changed === 0 ? 'candidates equal the committed queries.jsonl' : `${changed} differences from the committed queries.jsonl`);
  }
  writeFileSync(target, text);
  log(`wrote ${target}`);
}
