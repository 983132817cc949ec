/**
 * The storefront in real Chromium (Debian's, driven by playwright-core) against the whole platform, booted once for
 * every test: listing → product → add to cart → cart, sorting, paging with the back button, a 404 and the
 * no-JavaScript path; and (shop-flows.ts) search with a typo → facet → product → checkout with the sandbox card →
 * order, the deals page, sign-up → account. Screenshots of the main pages go to e2e/artifacts/ (git-ignored).
 *
 * Needs a production build of web/ (`pnpm --filter @emporium/web run build`; `npm test` builds it first).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeRows, repoRoot } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_NOW, gatewayQuery, startTestPlatform } from '../test/harness.ts';
import { dealsCopyCodeAndGetDeal, searchFilterBuyAndCheckOut, signUpAndUseTheAccount, type FlowContext } from './shop-flows.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingBuildReason, startStorefront, type Storefront } from './storefront-server.ts';

const artifacts = join(repoRoot, 'e2e', 'artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`[browser tests] skipped: ${CHROMIUM_PATH} is missing (install Debian's chromium: apt-get install chromium).`);
}

let env: Awaited<ReturnType<typeof startTestPlatform>> | undefined;
let web: Storefront | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!hasChromium) return;
  const reason = missingBuildReason();
  if (reason) throw new Error(reason);
  env = await startTestPlatform();
  web = await startStorefront(env.platform.gatewayUrl);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  mkdirSync(artifacts, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await env?.stop();
}, 120_000);

const rows = <T extends Record<string, unknown>>(subgraph: string, query: string) => executeRows<T>(env!.platform.runtimes[subgraph]!.db.db, sql.raw(query));

async function newContext(options: { javaScriptEnabled?: boolean; mobile?: boolean } = {}): Promise<BrowserContext> {
  return browser!.newContext({
    baseURL: web!.url,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.mobile ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The `n`-th product title link of the listing grid. */
const cardLinks = (page: Page) => page.getByRole('list', { name: 'Products' }).getByRole('listitem').getByRole('heading').getByRole('link');

/** The page's section headed `title`. */
const section = (page: Page, title: string) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: title }) });

/** Waits until every streamed section has replaced its skeleton. */
async function streamed(page: Page): Promise<void> {
  // A string expression: it runs in the page (this file is type-checked without the DOM library).
  await page.waitForFunction(`document.querySelector('[aria-busy="true"]') === null`);
}

interface GatewayProduct {
  id: string;
  slug: string;
  title: string;
  price: { current: { formatted: string } } | null;
  availability: { stockLevel: string } | null;
}

describe.skipIf(!hasChromium)('the storefront in Chromium', () => {
  it('lists products, opens one, adds it to the cart and shows it in the cart with the right quantity', async () => {
    const context = await newContext();
    const page = await context.newPage();

    // Listing: the first page in FEATURED order, as the gateway has it.
    const listing = await gatewayQuery<{ products: { totalCount: number; edges: { node: GatewayProduct }[] } }>(
      env!.platform,
      `{ products(first: 24) { totalCount edges { node { id slug title price { current { formatted } } availability { stockLevel } } } } }`,
    );
    const expected = listing.data!.products.edges.map((e) => e.node);
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await cardLinks(page).first().waitFor(); // streamed in after the skeleton
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    await expect(cardLinks(page).allTextContents()).resolves.toEqual(expected.map((p) => p.title));
    await page.getByText(`${listing.data!.products.totalCount.toLocaleString('en-GB')} products`).waitFor();
    await shot(page, 'listing');

    // Open the first product that can be bought (in stock, with a price) from its card.
    const index = expected.findIndex((p) => p.price && p.availability && p.availability.stockLevel !== 'OUT_OF_STOCK');
    expect(index).toBeGreaterThanOrEqual(0);
    const product = expected[index]!;
    await cardLinks(page).nth(index).click();
    await page.waitForURL(`**/products/${product.slug}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(product.title);
    await page.getByText(`Price: ${product.price!.current.formatted}`).first().waitFor();
    // Deals and "customers also bought" stream in after the first paint, as the gateway has them.
    await streamed(page);
    const extras = await gatewayQuery<{ product: { deals: { title: string }[]; recommendations: { product: { title: string } }[] } }>(
      env!.platform,
      `query($slug: String!) { product(slug: $slug) { deals(first: 10) { title } recommendations(first: 8) { product { title } } } }`,
      { slug: product.slug },
    );
    const recTitles = extras.data!.product.recommendations.map((r) => r.product.title);
    expect(recTitles.length).toBeGreaterThan(0);
    await expect(section(page, 'Customers also bought').getByRole('listitem').getByRole('link').allTextContents()).resolves.toEqual(recTitles);
    await expect(section(page, 'Deals for this product').getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual(
      extras.data!.product.deals.map((d) => d.title),
    );
    await page.getByRole('link', { name: 'derived' }).first().waitFor();
    await shot(page, 'product');

    // Add 3, then 2 more with the keyboard only (labelled field, Enter submits).
    const quantity = page.getByLabel('Quantity');
    await quantity.fill('3');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: `Added 3 × ${product.title}` }).waitFor();
    await expect(page.getByTestId('header-cart').textContent()).resolves.toBe('Cart 3, 3 items');
    await quantity.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'It now holds 5 of these and 5 items in all.' }).waitFor();
    await expect(page.getByTestId('header-cart').textContent()).resolves.toBe('Cart 5, 5 items');
    await shot(page, 'product-added');

    // The cart lives in the order subgraph under the anonymous session the browser now holds in httpOnly cookies.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'emporium_session');
    const cartCookie = cookies.find((c) => c.name === 'emporium_cart');
    expect(session?.httpOnly).toBe(true);
    expect(cartCookie?.httpOnly).toBe(true);
    const [cartRow] = await rows<{ session_id: string; quantity: number; product_id: string }>(
      'order',
      `select c.session_id, l.quantity::int as quantity, l.product_id::text as product_id from "order".carts c join "order".cart_lines l on l.cart_id = c.id where c.id = '${cartCookie!.value}'`,
    );
    expect(cartRow).toEqual({ session_id: session!.value, quantity: 5, product_id: product.id });

    // Cart page, reached from the header link.
    await page.getByTestId('header-cart').click();
    await page.waitForURL('**/cart');
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    const lines = page.getByTestId('cart-line');
    await lines.first().waitFor(); // after the loading skeleton
    await expect(lines.count()).resolves.toBe(1);
    await expect(lines.first().getByRole('link').textContent()).resolves.toBe(product.title);
    await expect(lines.first().getByTestId('cart-line-quantity').textContent()).resolves.toBe('5');
    await page.getByText('5 items', { exact: true }).waitFor();
    await shot(page, 'cart');

    // The same pages on a phone-sized screen.
    const phone = await newContext({ mobile: true });
    await phone.addCookies(cookies);
    const phonePage = await phone.newPage();
    await phonePage.goto(`/products/${product.slug}`);
    await streamed(phonePage);
    await shot(phonePage, 'product-mobile');
    await phonePage.goto('/cart');
    await shot(phonePage, 'cart-mobile');
    await phone.close();
    await context.close();
  });

  it('sorts by newest and pages with the cursor in the URL; the back button returns to the previous page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const newest = await gatewayQuery<{ a: { pageInfo: { endCursor: string }; edges: { node: { title: string } }[] } }>(
      env!.platform,
      `{ a: products(first: 24, sort: NEWEST) { pageInfo { endCursor } edges { node { title } } } }`,
    );
    const firstPage = newest.data!.a.edges.map((e) => e.node.title);
    const second = await gatewayQuery<{ products: { edges: { node: { title: string } }[] } }>(
      env!.platform,
      `query($after: String) { products(first: 24, sort: NEWEST, after: $after) { edges { node { title } } } }`,
      { after: newest.data!.a.pageInfo.endCursor },
    );
    const secondPage = second.data!.products.edges.map((e) => e.node.title);

    await page.goto('/');
    await cardLinks(page).first().waitFor();
    await page.getByRole('link', { name: 'Sort by Newest' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'newest');
    await expect.poll(() => cardLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(firstPage);
    await expect(page.getByRole('link', { name: 'Sort by Newest' }).getAttribute('aria-current')).resolves.toBe('page');

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.has('after'));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('newest');
    await expect.poll(() => cardLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(secondPage);

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('after'));
    // The URL changes on popstate; the restored page follows a moment later.
    await expect.poll(() => cardLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(firstPage);

    // A cursor from another order is refused by the API: the page says so and offers the first page.
    const stale = new URLSearchParams({ after: newest.data!.a.pageInfo.endCursor });
    await page.goto(`/?${stale.toString()}`);
    await page.getByRole('heading', { name: 'This page link is no longer valid' }).waitFor();
    await expect(page.getByRole('link', { name: 'Go to the first page' }).getAttribute('href')).resolves.toBe('/');
    await context.close();
  });

  it('shows a product’s deals with merchant, price against the usual price, discount and end date', async () => {
    // Products with an unexpired deal in the deal subgraph's table; the first one the API shows deals for.
    const candidates = await rows<{ product_id: string }>(
      'deal',
      `select distinct product_id::text as product_id from deal.deals where product_id is not null and expires_at > '${E2E_NOW.toISOString()}' order by 1 limit 20`,
    );
    type DealView = { title: string; discountPercent: number | null; expiresAt: string | null; price: { formatted: string }; originalPrice: { formatted: string } | null; merchant: { name: string } };
    let found: { slug: string; deals: DealView[] } | null = null;
    for (const { product_id } of candidates) {
      const res = await gatewayQuery<{ product: { slug: string; deals: DealView[] } }>(
        env!.platform,
        `query($id: ID!) { product(id: $id) { slug deals(first: 10) { title discountPercent expiresAt price { formatted } originalPrice { formatted } merchant { name } } } }`,
        { id: product_id },
      );
      if (res.data?.product.deals.length) {
        found = res.data.product;
        break;
      }
    }
    expect(found).not.toBeNull();
    const { slug, deals } = found!;
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`/products/${slug}`);
    await streamed(page);
    const cards = section(page, 'Deals for this product').getByRole('listitem');
    await expect(cards.count()).resolves.toBe(deals.length);
    const deal = deals[0]!;
    const card = cards.first();
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(deal.title);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(deal.merchant.name);
    expect(text).toContain(deal.price.formatted);
    if (deal.originalPrice && deal.discountPercent) {
      expect(text).toContain(`was ${deal.originalPrice.formatted}`);
      expect(text).toContain(`${deal.discountPercent}% off`);
    }
    if (deal.expiresAt) {
      const ends = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(deal.expiresAt));
      expect(text).toContain(`Ends${ends}`);
    }
    await shot(page, 'product-with-deal');
    await context.close();
  });

  it('shows a product’s first image, which the placeholder route serves', async () => {
    // The demo catalogue has no images; the generated catalogues point at /images/placeholder/<sku>.svg. Give one
    // product (not shown by the other tests) such an image.
    const [p] = await rows<{ slug: string; sku: string; title: string }>(
      'product',
      `update product.products set images = array['/images/placeholder/' || lower(sku) || '.svg']
       where id = (select id from product.products where sku ~ '^[A-Z0-9]+$' order by sku desc limit 1) returning slug, sku, title`,
    );
    const src = `/images/placeholder/${p!.sku.toLowerCase()}.svg`;
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`/products/${p!.slug}`);
    const img = page.getByRole('img', { name: p!.title, exact: true });
    await img.waitFor();
    expect(await img.getAttribute('src')).toBe(src);
    // Loaded and drawn (an SVG that failed to load has no natural width).
    await page.waitForFunction(`(() => { const i = document.querySelector('img[src="${src}"]'); return !!i && i.complete && i.naturalWidth > 0; })()`);
    const res = await page.request.get(src);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(await res.text()).toContain(`>${p!.sku}</text>`);
    expect((await page.request.get('/images/placeholder/not%20a%20sku.svg')).status()).toBe(404);
    await shot(page, 'product-with-image');
    await context.close();
  });

  it('answers 404 for an unknown product', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const response = await page.goto('/products/no-such-product-0000');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Product not found' }).waitFor();
    await context.close();
  });

  it('adds to the cart without JavaScript (server-rendered pages, plain form post)', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The second buyable product of the first page (the first test's cart used the first, in another context).
    const listing = await gatewayQuery<{ products: { edges: { node: GatewayProduct }[] } }>(
      env!.platform,
      `{ products(first: 24) { edges { node { id slug title price { current { formatted } } availability { stockLevel } } } } }`,
    );
    const buyable = listing.data!.products.edges.map((e) => e.node).filter((p) => p.price && p.availability && p.availability.stockLevel !== 'OUT_OF_STOCK');
    const row = buyable[1];
    expect(row).toBeDefined();
    await page.goto(`/products/${row!.slug}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(row!.title);
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText(`Added 2 × ${row!.title}`).waitFor();
    await page.goto('/cart');
    await expect(page.getByTestId('cart-line-quantity').allTextContents()).resolves.toEqual(['2']);
    await context.close();
  });

  const flows = (): FlowContext => ({
    newContext,
    shot,
    async gateway<T>(query: string, variables: Record<string, unknown> = {}) {
      const res = await gatewayQuery<T>(env!.platform, query, variables);
      if (!res.data) throw new Error(`gateway query failed: ${JSON.stringify(res.errors)}`);
      return res.data;
    },
    rows,
    storefrontUrl: web!.url,
  });

  it('searches with a typo (autocomplete, keyboard), filters by a facet, buys a result and checks out with the sandbox card', () => searchFilterBuyAndCheckOut(flows()));

  it('lists deals, copies a coupon code and follows "get deal" through the click counter', () => dealsCopyCodeAndGetDeal(flows()));

  it('signs up, shows the account, keeps a wishlist, edits the profile and signs out', () => signUpAndUseTheAccount(flows()));
});
