import { readFileSync } from 'node:fs';
import { asc } from 'drizzle-orm';
import { isCurrency, type Database } from '@emporium/kit';
import type * as schema from './db/schema.ts';
import { fxRates } from './db/schema.ts';
import type { PricingRuntime } from './runtime.ts';
import { BASE_CURRENCY } from './tax.ts';

/** The committed demo rates (approximate, labelled as such in the file). */
export const DEMO_FX_FILE = new URL('../data/fx-rates.json', import.meta.url);

const RATE = /^[0-9]{1,12}(\.[0-9]{1,12})?$/;

/** A validated rate set: units of each currency per 1 GBP. */
export interface FxRateSet {
  asOf: Date;
  source: string;
  rates: Record<string, string>;
}

/**
 * Checks a rate file: `{ base: "GBP", asOf: <RFC 3339>, source: <non-empty note>, rates: { "<ISO 4217>": "<decimal>" } }`
 * with at least one rate, known currency codes other than GBP, and positive decimal strings (at most 12 digits before
 * and after the point — strings, so no rate passes through binary floating point). Throws an Error with one sentence
 * naming the problem.
 */
export function parseFxRates(input: unknown): FxRateSet {
  const o = input as { base?: unknown; asOf?: unknown; source?: unknown; rates?: unknown } | null;
  if (!o || typeof o !== 'object') throw new Error('The rate file must be a JSON object.');
  if (o.base !== BASE_CURRENCY) throw new Error(`The rate file's base must be "${BASE_CURRENCY}", got ${JSON.stringify(o.base)}.`);
  if (typeof o.asOf !== 'string' || Number.isNaN(Date.parse(o.asOf)) || !/^\d{4}-\d{2}-\d{2}T/.test(o.asOf)) {
    throw new Error(`asOf must be an RFC 3339 date-time such as 2025-06-30T00:00:00Z, got ${JSON.stringify(o.asOf)}.`);
  }
  if (typeof o.source !== 'string' || o.source.trim() === '') throw new Error('source must say where the rates come from.');
  if (!o.rates || typeof o.rates !== 'object' || Array.isArray(o.rates)) throw new Error('rates must be an object of currency → decimal string.');
  const rates: Record<string, string> = {};
  for (const [currency, rate] of Object.entries(o.rates as Record<string, unknown>)) {
    if (!isCurrency(currency)) throw new Error(`rates.${currency}: not an ISO 4217 currency code.`);
    if (currency === BASE_CURRENCY) throw new Error(`rates.${currency}: the base currency has no rate.`);
    if (typeof rate !== 'string' || !RATE.test(rate) || /^0+(\.0+)?$/.test(rate)) {
      throw new Error(`rates.${currency} must be a positive decimal string such as "1.17", got ${JSON.stringify(rate)}.`);
    }
    rates[currency] = rate;
  }
  if (Object.keys(rates).length === 0) throw new Error('rates must name at least one currency.');
  return { asOf: new Date(o.asOf), source: o.source.trim(), rates };
}

/** Reads and checks a rate file (JSON). */
export function readFxFile(file: string | URL): FxRateSet {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the rate file ${String(file)}: ${(err as Error).message}`);
  }
  return parseFxRates(json);
}

/** Replaces the whole rate table with `set` in one transaction; returns how many rates were loaded. */
export async function loadFxRates(db: Database<typeof schema>, set: FxRateSet, now: Date): Promise<number> {
  const rows = Object.entries(set.rates).map(([currency, rate]) => ({ currency, rate, asOf: set.asOf, source: set.source, loadedAt: now }));
  await db.transaction(async (tx) => {
    await tx.delete(fxRates);
    await tx.insert(fxRates).values(rows);
  });
  return rows.length;
}

/** The rate table as the API uses it (JSON-safe, so it can be cached). */
export interface FxTable {
  /** ISO date-time of the rate set, null when no rates are loaded. */
  asOf: string | null;
  source: string | null;
  /** [currency, rate] sorted by currency. */
  rates: [string, string][];
}

/** Cache key of the rate table (prefixed: in the embedded start every subgraph shares one cache). */
export const FX_CACHE_KEY = 'pricing:fx-table';
/** How long the rate table is cached (seconds); a load drops it at once. */
export const FX_TTL_SECONDS = 60;

/** The rate table: from the runtime cache, else one statement (then cached for 60 s). */
export async function fxTable(rt: PricingRuntime): Promise<FxTable> {
  const cached = await rt.cache.get<FxTable>(FX_CACHE_KEY);
  if (cached) return cached;
  const rows = await rt.db.db.select().from(fxRates).orderBy(asc(fxRates.currency));
  const first = rows[0];
  const table: FxTable = {
    asOf: first ? first.asOf.toISOString() : null,
    source: first?.source ?? null,
    rates: rows.map((r) => [r.currency, r.rate]),
  };
  await rt.cache.set(FX_CACHE_KEY, table, FX_TTL_SECONDS);
  return table;
}

/** Drops the cached rate table (after a load). */
export function forgetFxTable(rt: PricingRuntime): Promise<void> {
  return rt.cache.delete(FX_CACHE_KEY);
}

/** Currencies prices are offered in: the base currency plus every currency with a rate, alphabetically. */
export function offeredCurrencies(table: FxTable): string[] {
  return [BASE_CURRENCY, ...table.rates.map(([c]) => c)].sort();
}

/** The rate of `currency` (1 for the base currency), or undefined when it has none. */
export function rateOf(table: FxTable, currency: string): string | undefined {
  if (currency === BASE_CURRENCY) return '1';
  return table.rates.find(([c]) => c === currency)?.[1];
}
