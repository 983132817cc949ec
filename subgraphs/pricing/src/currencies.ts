import { distinctCurrencies } from './db/queries.ts';
import type { PricingRuntime } from './runtime.ts';

/** Cache key of the offered-currencies list (prefixed: in the embedded start every subgraph shares one cache). */
export const CURRENCIES_CACHE_KEY = 'pricing:offered-currencies';
/** How long the list of offered currencies is cached (seconds). */
export const CURRENCIES_TTL_SECONDS = 60;

/** Currencies that have prices (`select distinct currency`), cached for 60 s in the runtime cache. */
export async function offeredCurrencies(rt: PricingRuntime): Promise<string[]> {
  const cached = await rt.cache.get<string[]>(CURRENCIES_CACHE_KEY);
  if (cached) return cached;
  const fresh = await distinctCurrencies(rt.db.db);
  await rt.cache.set(CURRENCIES_CACHE_KEY, fresh, CURRENCIES_TTL_SECONDS);
  return fresh;
}

/** Drops the cached list (after prices in a currency may have been added). */
export function forgetOfferedCurrencies(rt: PricingRuntime): Promise<void> {
  return rt.cache.delete(CURRENCIES_CACHE_KEY);
}
