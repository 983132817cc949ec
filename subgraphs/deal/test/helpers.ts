import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SubgraphHandle } from '@emporium/kit';
import { gql } from '@emporium/kit/testing';
import type { SimProduct } from '../src/simulator/generate.ts';

/** A small catalog for simulator tests: long, distinct titles (the dedupe of later issues needs realistic text). */
export const SIM_PRODUCTS: SimProduct[] = [
  'White Hanging Heart T-Light Holder',
  'Regency Cakestand 3 Tier',
  'Jumbo Bag Red Retrospot',
  'Party Bunting Union Jack',
  'Lunch Bag Red Retrospot',
  'Assorted Colour Bird Ornament',
  'Set Of 3 Cake Tins Pantry Design',
  'Pack Of 72 Retrospot Cake Cases',
  'Natural Slate Heart Chalkboard',
  'Heart Of Wicker Small',
  'Jam Making Set With Jars',
  'Paper Chain Kit 50s Christmas',
  'Spotty Bunting Large',
  'Lunch Bag Black Skull',
  'Small Popcorn Holder Vintage',
  'Victorian Glass Hanging T-Light',
  'Alarm Clock Bakelike Red',
  'Rabbit Night Light Large',
  'Wooden Frame Antique White',
  'Hot Water Bottle Keep Calm',
  'Set Of 4 Pantry Jelly Moulds',
  'Recipe Box Pantry Yellow Design',
  'Doormat Keep Calm And Come In',
  'Gingham Heart Decoration Red',
  'Baking Set 9 Piece Retrospot',
  'Chocolate Hot Water Bottle',
  'Red Toadstool Led Night Light',
  'Ceramic Storage Jar Large Blue',
].map((title, i) => ({
  id: `41000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  title,
  description: `${title}, from the Emporium range.`,
  brand: 'Emporium',
  category: i % 2 === 0 ? 'Home > Decor' : 'Kitchen > Baking',
  priceMinor: 250 + 135 * i,
}));

/** A feed server whose bodies tests change between runs (127.0.0.1, ephemeral port). */
export async function startStaticFeeds() {
  const bodies = new Map<string, { body: string; type: string }>();
  const server = createServer((req, res) => {
    const entry = bodies.get(req.url ?? '');
    if (!entry) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': entry.type });
    res.end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    set(path: string, rows: Record<string, unknown>[]) {
      bodies.set(path, { body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', type: 'application/x-ndjson' });
    },
    setRaw(path: string, body: string, type: string) {
      bodies.set(path, { body, type });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Runs an operation and fails the test on GraphQL errors. */
export async function ok<T>(app: SubgraphHandle['app'], query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T> {
  const res = await gql<T>(app, query, variables, headers);
  if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export const REGISTER_MERCHANT = `mutation($i: RegisterMerchantInput!) { registerMerchant(input: $i) { id name reputation simulated } }`;
export const REGISTER_FEED = `mutation($i: RegisterDealFeedInput!) { registerDealFeed(input: $i) { id url format active privateNetworkAllowed rateLimitPerMinute merchant { id name } } }`;
export const RUN_FIELDS = `id trigger status startedAt finishedAt fetched valid rejected rejectedByReason { reason count } duplicates new updated unchanged expired withdrawn suspicious
  feeds { feedId merchantId merchantName url status error attempts format fetched valid rejected rejectedByReason { reason count } duplicates new updated unchanged expired withdrawn suspicious samples }`;
export const RUN = `mutation($wait: Boolean) { runDealIngestion(wait: $wait) { ${RUN_FIELDS} } }`;

/** A run as the tests read it. */
export interface RunResult {
  id: string;
  trigger: string;
  status: string;
  fetched: number;
  valid: number;
  rejected: number;
  rejectedByReason: { reason: string; count: number }[];
  duplicates: number;
  new: number;
  updated: number;
  unchanged: number;
  expired: number;
  withdrawn: number;
  suspicious: number;
  feeds: (Omit<RunResult, 'feeds' | 'id' | 'trigger'> & { feedId: string; merchantName: string; url: string; error: string | null; attempts: number; format: string | null; samples: string[] })[];
}
