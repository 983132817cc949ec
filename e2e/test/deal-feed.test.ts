import { executeRows, signAccessToken } from '@emporium/kit';
import { slugify } from '@emporium/retail-data';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { E2E_NOW, gatewayQuery, startTestPlatform } from './harness.ts';

let env: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  env = await startTestPlatform();
});
afterAll(async () => {
  await env?.stop();
});

const rows = <T extends Record<string, unknown>>(subgraph: string, query: string) => executeRows<T>(env.platform.runtimes[subgraph]!.db.db, sql.raw(query));
const LIVE = `active and starts_at <= '${E2E_NOW.toISOString()}' and (expires_at is null or expires_at > '${E2E_NOW.toISOString()}')`;

type Entry = { score: number; deal: { id: string; title: string; live: boolean }; factors: Record<string, number> };

describe('User.dealFeed end to end', () => {
  it('reaches the recommendation projection through deal.upserted events and reads preferences through @requires', async () => {
    // The deal seed's deal.upserted events travel outbox → relay → bus → the recommendation subgraph's projection.
    const live = await rows<{ id: string; category: string | null }>('deal', `select id, category from deal.deals where ${LIVE} order by id`);
    expect(live.length).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        const projected = await rows<{ n: number }>('recommendation', `select count(*)::int as n from recommendation.deals where ${LIVE}`);
        expect(Number(projected[0]!.n)).toBe(live.length);
      },
      { timeout: 30_000, interval: 200 },
    );

    // A demo customer whose favourite category has a live deal.
    // Category.slug of the deal's category (the product subgraph slugs the whole path: 'home-living-candles').
    const slugOf = new Map(live.map((d) => [d.id, d.category ? slugify(d.category.split(' > ').join(' ')) : '']));
    const slugs = new Set(slugOf.values());
    const prefs = await rows<{ user_id: string; categories: string[] }>('user', `select user_id, categories from "user".preferences where cardinality(categories) > 0 order by user_id`);
    const customer = prefs.find((p) => slugs.has(p.categories[0]!));
    expect(customer).toBeDefined();
    const token = await signAccessToken(env.keys.access, { userId: customer!.user_id, roles: ['customer'] });
    const res = await gatewayQuery<{ me: { dealFeed: Entry[] } }>(
      env.platform,
      `{ me { dealFeed(first: 50) { score deal { id title live } factors { category priceRange merchantAffinity discountSensitivity timing dealQuality collaborative content } } } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(res.errors).toBeUndefined();
    const feed = res.data!.me.dealFeed;
    expect(feed.length).toBeGreaterThan(0);
    for (const e of feed) expect(e.deal.live).toBe(true); // the deal subgraph resolves the deals
    for (let k = 1; k < feed.length; k++) expect(feed[k - 1]!.score).toBeGreaterThanOrEqual(feed[k]!.score);
    // The preferred category reached the recommendation subgraph: deals in it score the full category factor.
    const favourite = feed.filter((e) => slugOf.get(e.deal.id) === customer!.categories[0]);
    expect(favourite.length).toBeGreaterThan(0);
    for (const e of favourite) expect(e.factors.category).toBe(1);
  });

  it('is refused to anonymous callers and checks first', async () => {
    const anonymous = await gatewayQuery(env.platform, '{ me { dealFeed { score } } }');
    expect(anonymous.data?.me ?? null).toBeNull();
    const [customer] = await rows<{ user_id: string }>('user', 'select user_id from "user".preferences order by user_id limit 1');
    const token = await signAccessToken(env.keys.access, { userId: customer!.user_id, roles: ['customer'] });
    const tooMany = await gatewayQuery(env.platform, '{ me { dealFeed(first: 51) { score } } }', {}, { authorization: `Bearer ${token}` });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
