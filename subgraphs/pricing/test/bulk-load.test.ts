import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { bulkLoadPrices } from '../src/bulk-load.ts';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { productId } from './fixtures.ts';

let rt: PricingRuntime;
let clock: Awaited<ReturnType<typeof openTestRuntime>>['clock'];
const dir = mkdtempSync(join(tmpdir(), 'emporium-pricing-bulk-'));
beforeAll(async () => {
  const opened = await openTestRuntime({ name: 'pricing', schema, migrationsFolder });
  rt = opened;
  clock = opened.clock;
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const amounts = async () =>
  Object.fromEntries(
    (await executeRows<{ product_id: string; amount: string | number }>(rt.db.db, sql`select product_id, amount from pricing.prices order by product_id`)).map((r) => [r.product_id, Number(r.amount)]),
  );
const historyRows = async () => (await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pricing.price_history`))[0]!.n;
const events = async () => (await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pricing.outbox`))[0]!.n;

describe('bulkLoadPrices (catalog:bulk-load hand-off)', () => {
  it('loads valid lines with a history row each, refuses bad ones with their line number, and emits no events', async () => {
    const s = await bulkLoadPrices(
      rt,
      file('a.tsv', [`${productId(1)}\t250\tGBP`, `${productId(2)}\t1999\tGBP`, 'not-a-uuid\t100\tGBP', `${productId(3)}\t5\tEUR`, `${productId(4)}\t0\tGBP`, `${productId(5)}\t42\tGBP`]),
    );
    expect(s).toMatchObject({ lines: 6, changed: 3, refused: 3 });
    expect(s.reasons).toEqual([
      'line 3: product id "not-a-uuid" is not a UUID',
      'line 4: currency must be GBP, got "EUR"',
      'line 5: amount "0" is not a positive whole number of minor units',
    ]);
    expect(await amounts()).toEqual({ [productId(1)]: 250, [productId(2)]: 1999, [productId(5)]: 42 });
    expect(await historyRows()).toBe(3);
    expect(await events()).toBe(0);
  });

  it('is idempotent: equal prices are not rewritten, changed ones are', async () => {
    expect((await bulkLoadPrices(rt, file('b.tsv', [`${productId(1)}\t250\tGBP`, `${productId(2)}\t1999\tGBP`]))).changed).toBe(0);
    clock.advance(60_000);
    const s = await bulkLoadPrices(rt, file('c.tsv', [`${productId(1)}\t275\tGBP`, `${productId(2)}\t1999\tGBP`]));
    expect(s.changed).toBe(1);
    expect((await amounts())[productId(1)]).toBe(275);
    expect(await historyRows()).toBe(4);
  });
});
