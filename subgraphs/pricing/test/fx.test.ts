import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime } from '@emporium/kit/testing';
import { DEMO_FX_FILE, forgetFxTable, loadFxRates, parseFxRates, readFxFile } from '../src/fx.ts';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { seedPrices } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

let rt: PricingRuntime;
let handle: SubgraphHandle;
const valid = { base: 'GBP', asOf: '2026-01-02T00:00:00Z', source: 'test rates', rates: { EUR: '1.2', JPY: '200' } };

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys: createTestKeys() });
  await seedPrices(rt, dataset);
  handle = await buildPricingSubgraph(rt);
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('the committed demo rates', () => {
  it('are valid, labelled as demo rates, and cover at least 25 currencies with GBP', () => {
    const set = readFxFile(DEMO_FX_FILE);
    expect(Object.keys(set.rates).length + 1).toBeGreaterThanOrEqual(25);
    expect(set.source).toMatch(/DEMO RATES/);
    expect(set.source).toMatch(/Not market data/);
    expect(set.asOf.toISOString()).toBe('2025-06-30T00:00:00.000Z');
    for (const c of ['EUR', 'USD', 'CHF', 'NOK', 'SEK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'JPY', 'KWD']) expect(set.rates[c]).toBeDefined();
  });
});

describe('parseFxRates', () => {
  it.each([
    ['a base other than GBP', { ...valid, base: 'EUR' }, /base must be "GBP"/],
    ['a date without time', { ...valid, asOf: '2026-01-02' }, /asOf must be an RFC 3339/],
    ['no source', { ...valid, source: ' ' }, /source/],
    ['a rate as a number', { ...valid, rates: { EUR: 1.2 } }, /rates.EUR must be a positive decimal string/],
    ['a rate with a comma', { ...valid, rates: { EUR: '1,2' } }, /rates.EUR/],
    ['a zero rate', { ...valid, rates: { EUR: '0.00' } }, /rates.EUR/],
    ['an unknown currency', { ...valid, rates: { XXQ: '1' } }, /rates.XXQ: not an ISO 4217/],
    ['a rate for GBP', { ...valid, rates: { GBP: '1' } }, /base currency has no rate/],
    ['no rates', { ...valid, rates: {} }, /at least one/],
  ])('refuses %s with a sentence naming it', (_label, input, message) => {
    expect(() => parseFxRates(input)).toThrow(message);
  });
});

describe('loading another rate set', () => {
  it('replaces the whole table; the API shows the new as-of time and converts with the new rates', async () => {
    const set = parseFxRates(valid);
    expect(await loadFxRates(rt.db.db, set, rt.clock.now())).toBe(2);
    await forgetFxTable(rt);
    const res = await gql<{ currencies: string[]; exchangeRates: { asOf: string; source: string } }>(handle.app, '{ currencies exchangeRates { asOf source } }');
    expect(res.data).toEqual({ currencies: ['EUR', 'GBP', 'JPY'], exchangeRates: { asOf: '2026-01-02T00:00:00.000Z', source: 'test rates' } });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { price(country: "IE", currency: "EUR") { current { amount } exchangeRateAsOf } } } }`;
    const p = await gql<{ _entities: { price: { current: { amount: number }; exchangeRateAsOf: string } }[] }>(handle.app, q, { r: [{ __typename: 'Product', id: productId(1) }] });
    // 255 / 1.2 × 1.2 × 1.23 (Ireland) = 313.65 → €3.14
    expect(p.data?._entities[0]?.price).toEqual({ current: { amount: 314 }, exchangeRateAsOf: '2026-01-02T00:00:00.000Z' });
    const gone = await gql(handle.app, q.replace('"EUR"', '"USD"'), { r: [{ __typename: 'Product', id: productId(1) }] });
    expect(gone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('has a command that loads a file into the configured database, and refuses a bad file with one sentence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emporium-fx-'));
    try {
      const good = join(dir, 'rates.json');
      const bad = join(dir, 'bad.json');
      writeFileSync(good, JSON.stringify(valid));
      writeFileSync(bad, JSON.stringify({ ...valid, rates: { EUR: 1.2 } }));
      const cwd = fileURLToPath(new URL('..', import.meta.url));
      // Embedded PGlite in a temporary DATA_DIR: never the shared PostgreSQL database.
      const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PRICING_DATABASE_URL: '', LOG_LEVEL: 'silent' };
      const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/fx-cli.ts', file], { cwd, env, encoding: 'utf8' });
      const ok = run(good);
      expect(ok.stderr).toMatch(/loaded 2 rates/);
      expect(ok.status).toBe(0);
      const refused = run(bad);
      expect(refused.status).toBe(2);
      expect(refused.stderr.trim()).toBe('rates.EUR must be a positive decimal string such as "1.17", got 1.2.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
