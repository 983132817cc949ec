/**
 * SQL statements per request for scenarios 2–4 (search page, product page, checkout) at 24 and at 96 products, per
 * subgraph, counted by each subgraph's db handle (`stats.statements`) — the number must not grow with the products.
 *
 *   pnpm --filter @emporium/bench stack:sql [--database-url postgres://postgres@127.0.0.1:5432/emporium_stack_bench]
 *     [--redis-url redis://127.0.0.1:6379] [--rows 0] [--query christmas]
 *
 * Starts the real platform in this process on the PostgreSQL database of stack.ts (seeded first when empty) with Redis
 * under its own namespace, and sends the storefront's operations through its gateway:
 *   search   — SearchPage with `first: 24 | 96` for one real query, the first request and a repeat;
 *   product  — ProductPage + ProductExtras (one page view) with recommendations and similar products widened from 8 + 8
 *              to 12 + 12 (24 products) and 48 + 48 (96), for a product not asked before and a repeat;
 *   checkout — a cart of 24 | 48 lines (filled uncounted), then AddCartLine (the last line), CartDetails and Checkout,
 *              each counted; checkout's statements include the services it calls (pricing, inventory). 96 lines cannot
 *              be checked out: pricing ships at most 30 kg (60 units at its default 500 g) and order takes quote tokens of
 *              at most 10,000 characters (about 170 a line, so about 58 lines).
 * One uncounted page of each first fills process-wide caches (exchange and tax rates). Appends the tables to
 * bench/RESULTS.md.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';
import { startPlatform } from '@emporium/platform';
import { must, type TypedDocument } from '../lib/graphql-client.ts';
import { appendResult, table } from '../lib/results.ts';
import { catalogSize, importStock, listProducts, signUpUsers, type BenchUser } from './stack-fixtures.ts';
import { SANDBOX_CARD } from './stack-queries.ts';
import {
  AddCartLineDocument,
  CartDetailsDocument,
  CheckoutDocument,
  ProductExtrasDocument,
  ProductPageDocument,
  SearchPageDocument,
} from '../../web/src/gql/graphql.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const databaseUrl = arg('database-url', process.env.STACK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/emporium_stack_bench');
const redisUrl = arg('redis-url', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const rows = Number(arg('rows', '0'));
const searchText = arg('query', 'christmas');
const log = (line: string) => console.error(line);

log(`starting the platform on ${new URL(databaseUrl).pathname.slice(1)}…`);
const platform = await startPlatform({
  databaseUrl,
  dataDir: join(repoRoot, 'bench', '.runs', 'stack', 'data'),
  redisUrl,
  redisNamespace: 'stack-bench-sql',
  seed: rows > 0 ? { maxRows: rows } : true,
  ports: 'ephemeral',
  logLevel: 'error',
  progress: log,
});
const url = platform.gatewayUrl;
const subgraphs = Object.keys(platform.runtimes);
type Counts = Record<string, number>;

/** Statements each subgraph issued while `run` ran. */
async function counted(run: () => Promise<unknown>): Promise<Counts> {
  for (const rt of Object.values(platform.runtimes)) rt.db.stats.reset();
  await run();
  return Object.fromEntries(Object.entries(platform.runtimes).map(([name, rt]) => [name, rt.db.stats.statements]));
}

/** A storefront document with one argument's value replaced (throws when the text is not there). */
function widened<R, V>(doc: TypedDocument<R, V>, from: string, to: string): TypedDocument<R, V> {
  const text = doc.toString();
  if (!text.includes(from)) throw new Error(`the storefront document no longer contains "${from}"`);
  return { toString: () => text.split(from).join(to) };
}

const rowsOut: [string, Counts][] = [];
type Step = (label: string, run: () => Promise<unknown>) => Promise<void>;
const add: Step = async (label, run) => {
  rowsOut.push([label, await counted(run)]);
};
try {
  const size = await catalogSize(url);
  const products = await listProducts(url, 240);
  const buyable = products.filter((p) => p.priceMinor !== null && p.priceMinor > 0 && p.priceMinor <= 2_000).slice(0, 48);
  if (buyable.length < 48) throw new Error(`only ${buyable.length} products priced up to £20 among the first ${products.length}`);
  await importStock(platform.subgraphUrls.inventory!, platform.shared.keys.service, buyable.map((p) => p.id), 10_000_000);
  const [user] = (await signUpUsers(url, 1, 'stack-sql')) as [BenchUser];
  const headers = { authorization: `Bearer ${user.accessToken}` };

  // Search page.
  const search = (first: number) => must(url, SearchPageDocument, { query: searchText, filter: null, sort: 'RELEVANCE', first }, headers);
  await search(8);
  for (const first of [24, 96]) {
    let hits = 0;
    await add(`search "${searchText}", first: ${first}, first request`, async () => {
      hits = (await search(first)).searchProducts.edges.length;
    });
    await add(`search "${searchText}", first: ${first} (${hits} hits), repeated`, () => search(first));
  }

  // Product page: ProductPage + ProductExtras, recommendations and similar widened.
  const page = async (slug: string, each: number) => {
    const extras = widened(widened(ProductExtrasDocument, 'recommendations(first: 8)', `recommendations(first: ${each})`), 'similar(first: 8)', `similar(first: ${each})`);
    await must(url, ProductPageDocument, { slug }, headers);
    return must(url, extras, { slug }, headers);
  };
  await page(products[0]!.slug, 8);
  for (const [i, each] of [[1, 12], [2, 48]] as const) {
    let shown = 0;
    await add(`product page, recommendations + similar ${each} + ${each}, first request`, async () => {
      const p = (await page(products[i]!.slug, each)).product;
      shown = (p?.recommendations.length ?? 0) + (p?.similar.length ?? 0);
    });
    await add(`product page, ${each} + ${each} (${shown} products shown), repeated`, () => page(products[i]!.slug, each));
  }

  // Checkout of a cart of 24 | 48 lines.
  const checkoutOf = async (lines: number, record: Step) => {
    for (const p of buyable.slice(0, lines - 1)) await must(url, AddCartLineDocument, { cartId: user.cartId, productId: p.id, quantity: 1 }, headers);
    await record(`checkout ${lines} lines: AddCartLine (line ${lines})`, () => must(url, AddCartLineDocument, { cartId: user.cartId, productId: buyable[lines - 1]!.id, quantity: 1 }, headers));
    let quoteToken = '';
    await record(`checkout ${lines} lines: CartDetails (totals, quote)`, async () => {
      quoteToken = (await must(url, CartDetailsDocument, { id: user.cartId }, headers)).cart?.totals?.quoteToken ?? '';
    });
    await record(`checkout ${lines} lines: Checkout (quote token ${quoteToken.length} characters)`, async () => {
      const r = (await must(url, CheckoutDocument, { input: { cartId: user.cartId, idempotencyKey: randomUUID(), quoteToken, payment: SANDBOX_CARD } }, headers)).checkout;
      if (r.__typename !== 'CheckoutSuccess') throw new Error(`checkout of ${lines} lines answered ${r.__typename}: ${'message' in r ? r.message : ''}`);
    });
  };
  await checkoutOf(2, async (_label, run) => void (await run())); // uncounted warm-up of the checkout path
  await checkoutOf(24, add);
  await checkoutOf(48, add);

  const total = (r: Counts) => Object.values(r).reduce((a, b) => a + b, 0);
  appendResult(
    'SQL statements per request, scenarios 2–4 (search page, product page, checkout) at 24 and 96 products (checkout: 24 and 48 lines)',
    {
      database: `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, Online Retail demo data (${size.toLocaleString('en-GB')} products)`,
      gateway: 'Emporium gateway (embedded)',
      documents: 'the storefront\'s SearchPage, ProductPage + ProductExtras, AddCartLine, CartDetails, Checkout (web/src/gql)',
    },
    table(['request', ...subgraphs, 'total'], rowsOut.map(([label, r]) => [label, ...subgraphs.map((s) => r[s] ?? 0), total(r)])),
  );
} finally {
  await platform.stop();
}
