/**
 * Browser flows of the shop beyond the listing: search with a typo → facet → product → cart → checkout with the
 * sandbox card → order; the deals page (copy a coupon code, "get deal"); sign-up → account → wishlist → sign out.
 * Registered by storefront.test.ts, which boots the platform once for all of them.
 */
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

export interface FlowContext {
  newContext(options?: { javaScriptEnabled?: boolean; mobile?: boolean }): Promise<BrowserContext>;
  shot(page: Page, name: string): Promise<void>;
  gateway<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  rows<T extends Record<string, unknown>>(subgraph: string, query: string): Promise<T[]>;
  storefrontUrl: string;
}

/** The search typed with a letter missing; the products it finds contain "christmas". */
export const TYPO_QUERY = 'chrstmas';

const resultLinks = (page: Page) => page.getByTestId('search-results').getByRole('heading').getByRole('link');

interface SearchNode {
  id: string;
  slug: string;
  title: string;
  price: { current: { formatted: string } } | null;
  availability: { stockLevel: string } | null;
}
type SearchAnswer = { searchProducts: { totalCount: number; didYouMean: string | null; pageInfo: { endCursor: string | null }; edges: { node: SearchNode }[] } };
const SEARCH = `query($q: String, $f: ProductSearchFilter) { searchProducts(query: $q, filter: $f, first: 24) { totalCount didYouMean pageInfo { endCursor } edges { node { id slug title price { current { formatted } } availability { stockLevel } } } } }`;

export async function searchFilterBuyAndCheckOut(ctx: FlowContext): Promise<void> {
  const context = await ctx.newContext();
  const page = await context.newPage();
  await page.goto('/');

  // Autocomplete: typing a typo suggests completions (a listbox of the combobox); Enter searches for the text.
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.click();
  await box.pressSequentially(TYPO_QUERY, { delay: 20 });
  const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
  await suggestions.getByRole('option').first().waitFor();
  await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
  await box.press('ArrowDown');
  const firstOption = suggestions.getByRole('option').first();
  await expect(firstOption.getAttribute('aria-selected')).resolves.toBe('true');
  await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(await firstOption.getAttribute('id'));
  await box.press('ArrowUp'); // back to the text field
  await box.press('Escape');
  await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
  await box.press('Enter');
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === TYPO_QUERY);

  const all = await ctx.gateway<SearchAnswer>(SEARCH, { q: TYPO_QUERY });
  expect(all.searchProducts.totalCount).toBeGreaterThan(0);
  await expect.poll(() => resultLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(all.searchProducts.edges.map((e) => e.node.title));
  await page.getByRole('heading', { level: 1, name: `Results for “${TYPO_QUERY}”` }).waitFor();
  await page.getByText(`${all.searchProducts.totalCount.toLocaleString('en-GB')} products`, { exact: true }).waitFor();
  expect(all.searchProducts.didYouMean).toBeTruthy();
  await expect(page.getByTestId('did-you-mean').textContent()).resolves.toBe(`Did you mean ${all.searchProducts.didYouMean}?`);
  await ctx.shot(page, 'search');
  // "Load more" appends the next page (the API's, after the first page's cursor) and moves focus to its first card.
  if (all.searchProducts.totalCount > 24) {
    const next = await ctx.gateway<{ searchProducts: { edges: { node: { title: string } }[] } }>(
      `query($q: String, $after: String) { searchProducts(query: $q, first: 24, after: $after) { edges { node { title } } } }`,
      { q: TYPO_QUERY, after: all.searchProducts.pageInfo.endCursor },
    );
    await page.getByRole('button', { name: 'Load more results' }).click();
    await expect.poll(() => resultLinks(page).count(), { timeout: 15_000 }).toBe(24 + next.searchProducts.edges.length);
    await expect(resultLinks(page).allTextContents()).resolves.toEqual([...all.searchProducts.edges, ...next.searchProducts.edges].map((e) => e.node.title));
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe(next.searchProducts.edges[0]!.node.title);
  }
  // The search was recorded for recommendations (after the response, so poll).
  await expect
    .poll(async () => (await ctx.rows<{ n: number }>('recommendation', `select count(*)::int as n from recommendation.tracked_events where type = 'SEARCH' and query = '${TYPO_QUERY}'`))[0]!.n, { timeout: 10_000 })
    .toBeGreaterThan(0);

  // A facet: in stock only. The URL carries it; the results are the API's for that filter; the chip removes it.
  await page.getByRole('navigation', { name: 'Filter results' }).getByRole('link', { name: /In stock only/ }).click();
  await page.waitForURL((url) => url.searchParams.get('inStock') === '1');
  const inStock = await ctx.gateway<SearchAnswer>(SEARCH, { q: TYPO_QUERY, f: { inStockOnly: true } });
  await expect.poll(() => resultLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(inStock.searchProducts.edges.map((e) => e.node.title));
  await page.getByRole('list', { name: 'Active filters' }).getByRole('link', { name: /In stock only/ }).waitFor();
  await ctx.shot(page, 'search-filtered');
  // The same search on a phone: the facets fold away behind "Filters".
  const phone = await ctx.newContext({ mobile: true });
  const phonePage = await phone.newPage();
  await phonePage.goto(`/search?q=${TYPO_QUERY}`);
  await resultLinks(phonePage).first().waitFor();
  await expect(phonePage.getByRole('link', { name: /In stock only/ }).isVisible()).resolves.toBe(false);
  await ctx.shot(phonePage, 'search-mobile');
  await phone.close();
  // The back button returns to the unfiltered search, and forward to the filtered one.
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('inStock'));
  await expect.poll(() => resultLinks(page).allTextContents(), { timeout: 15_000 }).toEqual(all.searchProducts.edges.map((e) => e.node.title));
  await page.goForward();
  await page.waitForURL((url) => url.searchParams.get('inStock') === '1');

  // Open the first result that can be bought and add it to the cart.
  const nodes = inStock.searchProducts.edges.map((e) => e.node);
  const index = nodes.findIndex((p) => p.price && p.availability && p.availability.stockLevel !== 'OUT_OF_STOCK');
  expect(index).toBeGreaterThanOrEqual(0);
  const product = nodes[index]!;
  await expect.poll(() => resultLinks(page).count(), { timeout: 15_000 }).toBe(nodes.length);
  await resultLinks(page).nth(index).click();
  await page.waitForURL(`**/products/${product.slug}`);
  await expect
    .poll(async () => (await ctx.rows<{ n: number }>('recommendation', `select count(*)::int as n from recommendation.tracked_events where type = 'PRODUCT_VIEW' and product_id = '${product.id}'`))[0]!.n, { timeout: 10_000 })
    .toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('status').filter({ hasText: `Added 1 × ${product.title}` }).waitFor();

  // Cart → checkout as a guest.
  await page.getByTestId('header-cart').click();
  await page.waitForURL('**/cart');
  await page.getByTestId('cart-total').waitFor();
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await page.waitForURL('**/checkout');
  await page.getByLabel('E-mail for the order confirmation').fill('guest@example.com');
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Address line 1').fill('12 St James’s Square');
  await page.getByLabel('Town or city').fill('London');
  await page.getByLabel('Postcode').fill('SW1Y 4JH');
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  const pay = page.getByRole('button', { name: /^Pay / });
  await pay.waitFor();

  // A declined card: nothing is charged, the form says why and stays.
  await page.getByLabel('Card number').fill('4000 0000 0000 0002');
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
  await pay.click();
  await page.getByRole('alert').filter({ hasText: /declined/i }).waitFor();
  await ctx.shot(page, 'checkout-declined');

  // The good sandbox card places the order (the form was cleared after the decline: card details are not kept).
  await expect(page.getByLabel('Card number').inputValue()).resolves.toBe('');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
  await pay.click();
  await page.waitForURL((url) => url.pathname.startsWith('/orders/') && url.searchParams.get('placed') === '1', { timeout: 30_000 });
  const orderId = new URL(page.url()).pathname.split('/')[2]!;
  const placed = await page.getByTestId('order-placed').textContent();
  const [row] = await ctx.rows<{ number: string; status: string; email: string | null }>('order', `select number, status::text as status, email from "order".orders where id = '${orderId}'`);
  expect(row).toBeDefined();
  expect(placed).toContain(row!.number);
  await expect(page.getByRole('link', { name: product.title }).count()).resolves.toBe(1);
  await ctx.shot(page, 'order-confirmation');
  // The cart is spent: the header shows an empty cart.
  await expect(page.getByTestId('header-cart').textContent()).resolves.toBe('Cart 0, 0 items');
  await context.close();
}

type DealRow = { id: string; couponCode: string | null; clicks: number; title: string };

export async function dealsCopyCodeAndGetDeal(ctx: FlowContext): Promise<void> {
  const context = await ctx.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.storefrontUrl });
  const page = await context.newPage();
  // Merchant sites are not reachable from the test: answer every other host with a stand-in page.
  await page.route((url) => !url.toString().startsWith(ctx.storefrontUrl), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Merchant</title><h1>Merchant page</h1>' }));

  const DEALS = `{ deals(first: 24) { totalCount edges { node { id couponCode clicks title } } } }`;
  let deals = (await ctx.gateway<{ deals: { edges: { node: DealRow }[] } }>(DEALS)).deals.edges.map((e) => e.node);
  expect(deals.length).toBeGreaterThan(0);
  // The demo deals carry no coupon codes: give the first one a code, as a merchant feed would.
  if (!deals.some((d) => d.couponCode)) {
    await ctx.rows('deal', `update deal.deals set coupon_code = 'EMPORIUM10' where id = '${deals[0]!.id}'`);
    deals = (await ctx.gateway<{ deals: { edges: { node: DealRow }[] } }>(DEALS)).deals.edges.map((e) => e.node);
  }
  await page.goto('/deals');
  const cards = page.getByRole('list', { name: 'Deals' }).getByTestId('deal-card');
  await expect(cards.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(deals.map((d) => d.title));
  await ctx.shot(page, 'deals');

  // Copy a coupon code with the button (the Clipboard API holds it afterwards).
  const withCode = deals.findIndex((d) => d.couponCode);
  expect(withCode).toBeGreaterThanOrEqual(0);
  const card = cards.nth(withCode);
  await card.getByRole('button', { name: /Copy code/ }).click();
  await card.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(deals[withCode]!.couponCode);

  // "Get deal" counts the click and sends the browser to the affiliate URL the API returns.
  const deal = deals[0]!;
  await cards.first().getByRole('link', { name: /^Get deal/ }).click();
  await page.waitForURL((url) => !url.toString().startsWith(`${ctx.storefrontUrl}/deals`), { timeout: 15_000 });
  const after = await ctx.gateway<{ deal: { clicks: number } }>(`query($id: ID!) { deal(id: $id) { clicks } }`, { id: deal.id });
  expect(after.deal.clicks).toBe(deal.clicks + 1);
  await context.close();
}

export async function signUpAndUseTheAccount(ctx: FlowContext): Promise<void> {
  const context = await ctx.newContext();
  const page = await context.newPage();
  const email = `shopper-${Date.now()}@example.com`;
  await page.goto('/');
  await page.getByTestId('header-account').click();
  await page.waitForURL('**/sign-in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL('**/sign-up**');
  await page.getByLabel('Your name').fill('Grace Hopper');
  await page.getByLabel('E-mail address').fill(email);
  // A weak password is refused with the API's reason, and the form keeps the name and e-mail.
  await page.getByLabel('Password').fill('short');
  // (past the browser's own minlength check, to reach the API's rule)
  await page.evaluate(`document.querySelector('input[name="password"]').removeAttribute('minlength')`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('alert').filter({ hasText: /at least \d+ characters/ }).waitFor();
  await expect(page.getByLabel('E-mail address').inputValue()).resolves.toBe(email);
  await ctx.shot(page, 'sign-up');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/account');
  await page.getByRole('heading', { level: 1, name: 'Hello, Grace Hopper' }).waitFor();
  await expect(page.getByTestId('account-email').textContent()).resolves.toBe(email);
  const cookies = await context.cookies();
  for (const name of ['emporium_access', 'emporium_refresh']) expect(cookies.find((c) => c.name === name)?.httpOnly).toBe(true);
  await ctx.shot(page, 'account');

  // Wishlist: add a product from its page, find it in the account.
  const first = await ctx.gateway<{ products: { edges: { node: { slug: string; title: string } }[] } }>(`{ products(first: 1) { edges { node { slug title } } } }`);
  const product = first.products.edges[0]!.node;
  await page.goto(`/products/${product.slug}`);
  await page.getByRole('button', { name: 'Add to wishlist' }).click();
  await page.getByRole('button', { name: 'Remove from wishlist' }).waitFor();
  // A review from the product page: published at once and listed in the reviews section.
  await page.getByRole('radio', { name: '4 stars' }).check();
  await page.getByLabel('Title').fill('Lovely in the window');
  await page.getByLabel('Your review').fill('Bright, well made, and it arrived quickly.');
  await page.getByRole('button', { name: 'Post review' }).click();
  await page.getByRole('status').filter({ hasText: 'your review is published' }).waitFor();
  await page.reload();
  const reviews = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Reviews' }) });
  await reviews.getByRole('heading', { level: 3, name: '4 out of 5 stars: Lovely in the window' }).waitFor();
  await expect(reviews.textContent()).resolves.toContain('Grace Hopper');
  await page.goto('/account/wishlist');
  await page.getByRole('heading', { level: 2, name: product.title }).waitFor();

  // Profile edit keeps the new name (and the new access token it comes with).
  await page.goto('/account');
  await page.getByLabel('Name shown next to your reviews').fill('Grace B. Hopper');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByRole('status').filter({ hasText: 'Your profile has been saved.' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Hello, Grace B. Hopper' }).waitFor();

  // An expired access token (its cookie has gone) is refreshed by the proxy before the page renders: still signed in,
  // with a new access token and a rotated refresh token.
  const refreshBefore = (await context.cookies()).find((c) => c.name === 'emporium_refresh')!.value;
  await context.clearCookies({ name: 'emporium_access' });
  await page.goto('/account');
  await page.getByRole('heading', { level: 1, name: 'Hello, Grace B. Hopper' }).waitFor();
  const renewed = await context.cookies();
  expect(renewed.find((c) => c.name === 'emporium_access')?.httpOnly).toBe(true);
  expect(renewed.find((c) => c.name === 'emporium_refresh')?.value).not.toBe(refreshBefore);

  // Sign out: the tokens are gone and the header offers sign-in again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByTestId('header-account').textContent()).resolves.toBe('Sign in');
  expect((await context.cookies()).some((c) => c.name === 'emporium_refresh' || c.name === 'emporium_access')).toBe(false);
  await context.close();
}
