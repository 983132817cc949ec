import { AppError, ErrorCode, type ServiceClient } from '@emporium/kit';

/** An amount as the pricing service answers it (minor units of the quote's currency). */
interface Amount {
  amount: number;
}

/** A priced cart as the pricing service signs it (README of pricing: quote). */
export interface QuoteData {
  id: string;
  country: string;
  currency: string;
  taxIncluded: boolean;
  lines: { productId: string; quantity: number; unitPrice: Amount; lineTotal: Amount; discount: Amount; total: Amount }[];
  subtotal: Amount;
  discount: Amount;
  shipping: Amount;
  tax: Amount;
  total: Amount;
  promotions: { code: string; description: string; discount: Amount }[];
  rejectedPromoCodes: { code: string; reason: string; message: string }[];
  expiresAt: string;
  token: string;
}

/** A cart line as pricing takes it: category and brand come from the order subgraph's catalog copy. */
export interface PricingLine {
  productId: string;
  quantity: number;
  category?: string | null;
  brand?: string | null;
}

const QUOTE_FIELDS = `id country currency taxIncluded
  lines { productId quantity unitPrice { amount } lineTotal { amount } discount { amount } total { amount } }
  subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }
  promotions { code description discount { amount } } rejectedPromoCodes { code reason message } expiresAt token`;

export type QuoteStatus = 'VALID' | 'EXPIRED' | 'PRICE_CHANGED' | 'INVALID';
export type PromoCheck = { ok: true } | { ok: false; code: string; reason: string; message: string };
export type Reserve = { ok: true; status: string } | { ok: false; shortages: { productId: string; requested: number; available: number }[]; message: string };

/**
 * The commands checkout sends to the pricing and inventory subgraphs: direct HTTP calls with this service's signed
 * token to fields the supergraph hides (`@inaccessible`). Every call the saga repeats is idempotent on the remote side
 * (keyed by the checkout id as `reference`).
 */
export interface Commands {
  quote(lines: PricingLine[], country: string, currency: string, promoCodes: string[]): Promise<QuoteData>;
  verifyQuote(token: string): Promise<{ status: QuoteStatus; message: string; quote: QuoteData | null }>;
  validatePromoCode(code: string, lines: PricingLine[], country: string, currency: string, others: string[]): Promise<PromoCheck>;
  redeemPromoCode(code: string, reference: string, userId: string | null): Promise<PromoCheck>;
  releasePromoRedemption(code: string, reference: string): Promise<boolean>;
  reserveStock(lines: { productId: string; quantity: number }[], reference: string, country: string, ttlSeconds: number): Promise<Reserve>;
  /** The reservation's status after the call; null when no reservation has that reference. */
  commitReservation(reference: string): Promise<string | null>;
  releaseReservation(reference: string): Promise<string | null>;
  returnReservation(reference: string): Promise<string | null>;
  shipReservation(reference: string): Promise<string | null>;
  /** Units of `currency` per 1 GBP (null when unknown). */
  gbpRate(currency: string): Promise<number | null>;
  /** The countries Emporium sells to with their default currency. */
  countries(): Promise<Map<string, string>>;
}

/** {@link Commands} over the kit's service client. */
export function createCommands(client: ServiceClient): Commands {
  const pricing = <T>(q: string, v: Record<string, unknown>) => client.request<T>('pricing', q, v);
  const inventory = <T>(q: string, v: Record<string, unknown>) => client.request<T>('inventory', q, v);
  /** A reservation command whose reference may be unknown (nothing was reserved): null then. */
  const reservationCall = async (field: string, reference: string): Promise<string | null> => {
    try {
      const data = await inventory<Record<string, { status: string }>>(`mutation($r: String!) { x: ${field}(reference: $r) { status } }`, { r: reference });
      return data.x!.status;
    } catch (err) {
      if (err instanceof AppError && err.extensions.code === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  };
  let rates: { at: number; map: Map<string, number> } | null = null;
  let countryCache: Map<string, string> | null = null;
  return {
    async quote(lines, country, currency, promoCodes) {
      const data = await pricing<{ quote: QuoteData }>(
        `query($lines: [CartLineInput!]!, $country: String, $currency: String, $codes: [String!]) {
          quote(lines: $lines, country: $country, currency: $currency, promoCodes: $codes) { ${QUOTE_FIELDS} } }`,
        { lines, country, currency, codes: promoCodes },
      );
      return data.quote;
    },
    async verifyQuote(token) {
      const data = await pricing<{ verifyQuote: { status: QuoteStatus; message: string; quote: QuoteData | null } }>(
        `query($t: String!) { verifyQuote(token: $t) { status message quote { ${QUOTE_FIELDS} } } }`,
        { t: token },
      );
      return data.verifyQuote;
    },
    async validatePromoCode(code, lines, country, currency, others) {
      const data = await pricing<{ validatePromoCode: { __typename: string; code: string; reason?: string; message?: string } }>(
        `query($code: String!, $cart: PromoCartInput!) { validatePromoCode(code: $code, cart: $cart) {
          __typename ... on PromoDiscount { code } ... on PromoRejection { code reason message } } }`,
        { code, cart: { lines, country, currency, promoCodes: others } },
      );
      const v = data.validatePromoCode;
      return v.__typename === 'PromoRejection' ? { ok: false, code: v.code, reason: v.reason!, message: v.message! } : { ok: true };
    },
    async redeemPromoCode(code, reference, userId) {
      const data = await pricing<{ redeemPromoCode: { __typename: string; code: string; reason?: string; message?: string } }>(
        `mutation($code: String!, $ref: String!, $user: ID) { redeemPromoCode(code: $code, reference: $ref, userId: $user) {
          __typename ... on PromoRedemption { code } ... on PromoRejection { code reason message } } }`,
        { code, ref: reference, user: userId },
      );
      const r = data.redeemPromoCode;
      return r.__typename === 'PromoRejection' ? { ok: false, code: r.code, reason: r.reason!, message: r.message! } : { ok: true };
    },
    async releasePromoRedemption(code, reference) {
      const data = await pricing<{ releasePromoRedemption: boolean }>(
        `mutation($code: String!, $ref: String!) { releasePromoRedemption(code: $code, reference: $ref) }`,
        { code, ref: reference },
      );
      return data.releasePromoRedemption;
    },
    async reserveStock(lines, reference, country, ttlSeconds) {
      const data = await inventory<{ reserveStock: { __typename: string; status?: string; message?: string; shortages?: { productId: string; requested: number; available: number }[] } }>(
        `mutation($lines: [ReservationLineInput!]!, $ref: String!, $country: String, $ttl: Int) {
          reserveStock(lines: $lines, reference: $ref, country: $country, ttlSeconds: $ttl) {
            __typename ... on Reservation { status } ... on InsufficientStock { message shortages { productId requested available } } } }`,
        { lines, ref: reference, country, ttl: ttlSeconds },
      );
      const r = data.reserveStock;
      return r.__typename === 'InsufficientStock' ? { ok: false, shortages: r.shortages!, message: r.message! } : { ok: true, status: r.status! };
    },
    commitReservation: (reference) => reservationCall('commitReservation', reference),
    releaseReservation: (reference) => reservationCall('releaseReservation', reference),
    returnReservation: (reference) => reservationCall('returnReservation', reference),
    shipReservation: (reference) => reservationCall('shipReservation', reference),
    async gbpRate(currency) {
      if (currency === 'GBP') return 1;
      if (!rates || Date.now() - rates.at > 3_600_000) {
        const data = await pricing<{ exchangeRates: { rates: { currency: string; rate: string }[] } }>('{ exchangeRates { rates { currency rate } } }', {});
        rates = { at: Date.now(), map: new Map(data.exchangeRates.rates.map((r) => [r.currency, Number(r.rate)])) };
      }
      return rates.map.get(currency) ?? null;
    },
    async countries() {
      if (!countryCache) {
        const data = await pricing<{ taxRates: { country: string; currency: string }[] }>('{ taxRates { country currency } }', {});
        countryCache = new Map(data.taxRates.map((t) => [t.country, t.currency]));
      }
      return countryCache;
    },
  };
}
