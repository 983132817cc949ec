/**
 * Scenarios 2–4 of the performance issue as autocannon request chains, built from the storefront's own generated
 * documents (`web/src/gql/graphql.ts`), so the benchmark sends exactly what the pages send:
 *   search   — SearchPage: 24 hits with highlights, facets and each hit's price/availability; rotates over the judged queries;
 *   product  — ProductPage then ProductExtras (deals, recommendations, similar, reviews) for one slug; rotates over products;
 *   checkout — AddCartLine, CartDetails (the cart page: totals and the signed quote), Checkout with the sandbox card
 *              4242 4242 4242 4242 and a fresh idempotency key; each chain holds one signed-in user (and cart) at a time.
 * Every response is checked in `onResponse`; anything but the expected answer counts as a failure.
 */
import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import { post, requestBody } from '../lib/graphql-client.ts';
import type { BenchUser } from './stack-fixtures.ts';
import {
  AddCartLineDocument,
  CartDetailsDocument,
  CheckoutDocument,
  ProductExtrasDocument,
  ProductPageDocument,
  SearchPageDocument,
} from '../../web/src/gql/graphql.ts';

export type StackScenarioName = 'search' | 'product' | 'checkout';

/** Counts answers that were not what the chain expected, keeping the first few for the log. */
export class Failures {
  count = 0;
  readonly samples: string[] = [];
  add(what: string): void {
    this.count += 1;
    if (this.samples.length < 5) this.samples.push(what.slice(0, 300));
  }
}

/** One scenario: its autocannon chain, how many HTTP requests one iteration is, and a check request sequence. */
export interface StackScenario {
  name: StackScenarioName;
  title: string;
  /** HTTP requests per iteration (page view or checkout). */
  requestsPerIteration: number;
  /** The chain autocannon runs per connection (rotation restarted), counting wrong answers in `failures`. */
  requests(failures: Failures): autocannon.Request[];
  /** Requests made once through a gateway before measuring, whose answers are compared with stock's. */
  check(url: string): Promise<string[]>;
  /**
   * Requests every input the chain rotates over once (before the first peer), so that caches in the subgraphs are as
   * warm for the first gateway measured as for the last.
   */
  prime(url: string): Promise<void>;
  /** 'response': answers must equal stock's (see sameResponse); 'shape': same keys and __typename values, ids ignored. */
  compare: 'response' | 'shape';
}

const hasErrors = (body: string) => body.includes('"errors":[');

/** What a chain carries from one step to the next (autocannon resets it at the start of each chain). */
type Context = Record<string, unknown>;

/** A chain step posting `body(context)`; `onBody` returns what is wrong with an answer (default: any GraphQL error). */
function step(
  failures: Failures,
  what: string,
  body: (context: Context) => string,
  headers: (context: Context) => Record<string, string>,
  onBody?: (text: string, context: Context) => string | null,
): autocannon.Request {
  return {
    method: 'POST',
    path: '/graphql',
    setupRequest: (req: autocannon.Request, context: Context) => {
      const text = body(context); // first: the first step picks what the chain works on (e.g. its user)
      return { ...req, headers: { ...req.headers, 'content-type': 'application/json', ...headers(context) }, body: text };
    },
    onResponse: (status: number, text: string, context: Context) => {
      if (status !== 200) return failures.add(`${what}: HTTP ${status} ${text}`);
      if (onBody) {
        const problem = onBody(text, context);
        if (problem) failures.add(`${what}: ${problem}`);
      } else if (hasErrors(text)) failures.add(`${what}: ${text}`);
    },
  } as autocannon.Request;
}

/** Scenario 2: the search page over rotating real queries (`first: 24`, relevance order, no filter). */
export function searchScenario(queries: string[], authorization: () => string, first = 24): StackScenario {
  const bodies = queries.map((query) => requestBody(SearchPageDocument, { query, filter: null, sort: 'RELEVANCE', first }));
  let next = 0;
  const headers = () => ({ authorization: authorization() });
  return {
    name: 'search',
    title: '2 (search page)',
    requestsPerIteration: 1,
    compare: 'response',
    requests: (failures) => {
      next = 0;
      return [step(failures, 'SearchPage', () => bodies[next++ % bodies.length]!, headers)];
    },
    check: (url) => Promise.all(queries.slice(0, 12).map(async (query) => (await post(url, SearchPageDocument, { query, filter: null, sort: 'RELEVANCE', first }, headers())).text)),
    prime: async (url) => {
      for (const query of queries) await post(url, SearchPageDocument, { query, filter: null, sort: 'RELEVANCE', first }, headers());
    },
  };
}

/** Scenario 3: the product page (first paint + below the fold) over rotating real products. */
export function productScenario(slugs: string[], authorization: () => string): StackScenario {
  const page = slugs.map((slug) => requestBody(ProductPageDocument, { slug }));
  const extras = slugs.map((slug) => requestBody(ProductExtrasDocument, { slug }));
  let next = 0;
  const headers = () => ({ authorization: authorization() });
  const productFound = (text: string) => (hasErrors(text) ? text : text.includes('"product":null') ? 'product not found' : null);
  return {
    name: 'product',
    title: '3 (product page)',
    requestsPerIteration: 2,
    compare: 'response',
    requests: (failures) => {
      next = 0;
      return [
        step(failures, 'ProductPage', (c) => page[(c.i = next++ % slugs.length) as number]!, headers, productFound),
        step(failures, 'ProductExtras', (c) => extras[c.i as number]!, headers, productFound),
      ];
    },
    prime: async (url) => {
      for (const slug of slugs) {
        await post(url, ProductPageDocument, { slug }, headers());
        await post(url, ProductExtrasDocument, { slug }, headers());
      }
    },
    check: async (url) => {
      const out: string[] = [];
      for (const slug of slugs.slice(0, 8)) {
        out.push((await post(url, ProductPageDocument, { slug }, headers())).text);
        out.push((await post(url, ProductExtrasDocument, { slug }, headers())).text);
      }
      return out;
    },
  };
}

/** The sandbox card that always succeeds, with an expiry two years ahead. */
export const SANDBOX_CARD = { cardNumber: '4242 4242 4242 4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, cvc: '123' };

/** The quote token in a CartDetails answer, or null. */
const quoteTokenOf = (text: string) => (JSON.parse(text) as { data?: { cart?: { totals?: { quoteToken?: string } | null } | null } }).data?.cart?.totals?.quoteToken ?? null;

/**
 * Hands out users so that no two chains use the same cart at once: a chain takes the user released the longest ago at
 * its first step and gives it back with its checkout answer. Chains cut off at the end of a run never give theirs
 * back; with twice as many users as connections, such a user is only taken again (the one taken longest ago) when
 * none is free.
 */
class UserPool {
  private readonly takenAt: (number | null)[];
  private readonly releasedAt: number[];
  constructor(size: number) {
    this.takenAt = Array.from({ length: size }, () => null);
    this.releasedAt = Array.from({ length: size }, () => 0);
  }
  take(): number {
    let best = -1;
    for (let i = 0; i < this.takenAt.length; i++) if (this.takenAt[i] === null && (best < 0 || this.releasedAt[i]! < this.releasedAt[best]!)) best = i;
    if (best < 0) for (let i = 0; i < this.takenAt.length; i++) if (best < 0 || this.takenAt[i]! < this.takenAt[best]!) best = i;
    this.takenAt[best] = performance.now();
    return best;
  }
  give(i: number): void {
    this.takenAt[i] = null;
    this.releasedAt[i] = performance.now();
  }
}

/**
 * Scenario 4: add a line, open the cart (totals and quote), check out — per signed-in user with a GB address. The
 * first user is kept for the check cycle (its cart is always checked out); the chains share the others.
 */
export function checkoutScenario(allUsers: BenchUser[], productIds: string[]): StackScenario {
  const [checker, ...users] = allUsers;
  if (!checker || users.length === 0) throw new Error('checkout needs at least two users');
  const pool = new UserPool(users.length);
  let nextProduct = 0;
  const auth = (c: Record<string, unknown>) => ({ authorization: `Bearer ${users[c.u as number]!.accessToken}` });
  const cycle = async (url: string, user: BenchUser, productId: string) => {
    const headers = { authorization: `Bearer ${user.accessToken}` };
    const added = await post(url, AddCartLineDocument, { cartId: user.cartId, productId, quantity: 1 }, headers);
    const cart = await post(url, CartDetailsDocument, { id: user.cartId }, headers);
    const quoteToken = cart.data?.cart?.totals?.quoteToken ?? '';
    const done = await post(url, CheckoutDocument, { input: { cartId: user.cartId, idempotencyKey: randomUUID(), quoteToken, payment: SANDBOX_CARD } }, headers);
    return [added.text, cart.text, done.text];
  };
  return {
    name: 'checkout',
    title: '4 (checkout)',
    requestsPerIteration: 3,
    compare: 'shape',
    requests: (failures) => {
      nextProduct = 0;
      return [
        step(
          failures,
          'AddCartLine',
          (c) => {
            c.u = pool.take();
            return requestBody(AddCartLineDocument, { cartId: users[c.u as number]!.cartId, productId: productIds[nextProduct++ % productIds.length]!, quantity: 1 });
          },
          auth,
        ),
        step(failures, 'CartDetails', (c) => requestBody(CartDetailsDocument, { id: users[c.u as number]!.cartId }), auth, (text, c) => {
          c.quoteToken = hasErrors(text) ? null : quoteTokenOf(text);
          return c.quoteToken ? null : text;
        }),
        step(
          failures,
          'Checkout',
          (c) =>
            requestBody(CheckoutDocument, {
              input: { cartId: users[c.u as number]!.cartId, idempotencyKey: randomUUID(), quoteToken: (c.quoteToken as string | null) ?? '', payment: SANDBOX_CARD },
            }),
          auth,
          (text, c) => {
            pool.give(c.u as number);
            return text.includes('"__typename":"CheckoutSuccess"') ? null : text;
          },
        ),
      ];
    },
    check: (url) => cycle(url, checker, productIds[0]!),
    prime: async (url) => void (await cycle(url, checker, productIds[0]!)),
  };
}

/**
 * The shape of an answer: objects keep their keys (sorted), lists their length and the shape of their items,
 * `__typename` and booleans their value; other scalars become their type. Ids, numbers, tokens and dates are ignored.
 */
export function shapeOf(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => shapeOf(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shapeOf((value as Record<string, unknown>)[k], k)]));
  }
  if (key === '__typename' || typeof value === 'boolean') return value;
  return value === null ? null : typeof value;
}
