import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, executeRows } from '@emporium/kit';
import { gql, openTestRuntime } from '@emporium/kit/testing';
import { popularity, WEIGHTS } from '../src/enrich/confidence.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { handleDealSaved, saveChangeOf, SAVES_GROUP } from '../src/saves.ts';
import { buildDealSubgraph } from '../src/server.ts';

let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let handle: Awaited<ReturnType<typeof buildDealSubgraph>>;
const MERCHANT = '51000000-0000-4000-8000-000000000001';
const DEAL = '61000000-0000-4000-8000-000000000001';
const UNKNOWN = '61000000-0000-4000-8000-0000000000ff';
const user = (i: number) => `71000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const saved = (dealId: string, userId: string, isSaved: boolean, occurredAt = '2026-11-21T10:00:00Z') =>
  createEnvelope({ type: 'deal.saved', source: 'user', payload: { dealId, userId, saved: isSaved }, occurredAt });

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  await rt.db.db.execute(sql`insert into deal.merchants (id, name, reputation) values (${MERCHANT}, 'Save Shop', 0.9)`);
  await rt.db.db.execute(sql`insert into deal.deals (id, merchant_id, title, url, price_amount, original_amount, currency, starts_at, clicks)
    values (${DEAL}, ${MERCHANT}, 'Enamel pie dish, 20% off', 'https://save.example/1', 800, 1000, 'GBP', '2026-11-01T00:00:00Z', 2)`);
  handle = await buildDealSubgraph(rt, { ingestion: { intervalMs: 0 } });
  await handle.start(); // subscribes to deal.saved
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

const savesOf = async (id: string) => (await executeRows<{ saves: number }>(rt.db.db, sql`select saves from deal.deals where id = ${id}`))[0]?.saves;
type Confidence = { deal: { confidence: { score: number; factors: { name: string; value: number; weight: number }[] } } };
const confidence = async () => {
  const res = await gql<Confidence>(handle.app, `query($id: ID!) { deal(id: $id) { confidence { score factors { name value weight } } } }`, { id: DEAL });
  expect(res.errors).toBeUndefined();
  const c = res.data!.deal.confidence;
  return { score: c.score, popularity: c.factors.find((f) => f.name === 'popularity')!.value };
};

describe('save counts from deal.saved', () => {
  it('counts saves and unsaves from the bus, and the popularity factor and score rise with them', async () => {
    const before = await confidence();
    expect(before.popularity).toBe(Math.round(popularity(2, 0) * 10_000) / 10_000);

    await rt.bus.publish([saved(DEAL, user(1), true), saved(DEAL, user(2), true), saved(DEAL, user(3), true)]);
    await rt.bus.whenIdle();
    expect(await savesOf(DEAL)).toBe(3);
    const after = await confidence();
    expect(after.popularity).toBe(Math.round(popularity(2, 3) * 10_000) / 10_000);
    expect(after.popularity).toBeGreaterThan(before.popularity);
    // Only popularity moved, so the score rose by its weight × the change.
    expect(after.score - before.score).toBeCloseTo(WEIGHTS.popularity * (after.popularity - before.popularity), 4);

    await rt.bus.publish([saved(DEAL, user(2), false)]);
    await rt.bus.whenIdle();
    expect(await savesOf(DEAL)).toBe(2);
  });

  it('applies each event once: a redelivered event does not count twice', async () => {
    const event = saved(DEAL, user(4), true);
    expect(await handleDealSaved(rt, event)).toBe(true);
    expect(await handleDealSaved(rt, event)).toBe(false);
    await rt.bus.publish([event]); // and through the bus again
    await rt.bus.whenIdle();
    expect(await savesOf(DEAL)).toBe(3);
    const [row] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.inbox where consumer_group = ${SAVES_GROUP} and event_id = ${event.id}`);
    expect(Number(row?.n)).toBe(1);
  });

  it('never goes below 0, ignores unknown deals and malformed payloads', async () => {
    for (const u of [1, 3, 4, 5, 6]) expect(await handleDealSaved(rt, saved(DEAL, user(u), false))).toBe(true);
    expect(await savesOf(DEAL)).toBe(0);
    expect((await confidence()).popularity).toBe(Math.round(popularity(2, 0) * 10_000) / 10_000);

    expect(await handleDealSaved(rt, saved(UNKNOWN, user(1), true))).toBe(true); // recorded, nothing to change
    expect(await savesOf(UNKNOWN)).toBeUndefined();
    expect(await handleDealSaved(rt, createEnvelope({ type: 'deal.saved', source: 'user', payload: { dealId: 'nope', saved: true } }))).toBe(true);
    expect(await savesOf(DEAL)).toBe(0);
  });

  it('reads payloads defensively', () => {
    expect(saveChangeOf({ dealId: DEAL.toUpperCase(), userId: user(1), saved: true })).toEqual({ dealId: DEAL, delta: 1 });
    expect(saveChangeOf({ dealId: DEAL, userId: user(1), saved: false })).toEqual({ dealId: DEAL, delta: -1 });
    expect(saveChangeOf({ dealId: DEAL, saved: 'yes' })).toBeNull();
    expect(saveChangeOf(null)).toBeNull();
  });
});
