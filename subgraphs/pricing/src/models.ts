/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  id: string;
}

/** Money plus the locale its `formatted` field is written for. */
export interface MoneyModel {
  amount: number;
  currency: string;
  locale: string;
}

/** A product's price for one country and currency. */
export interface PriceModel {
  current: MoneyModel;
  regular: MoneyModel;
  discountPercent: number | null;
  taxIncluded: boolean;
  lowest30Days: MoneyModel | null;
  taxRate: string;
  validUntil: Date | null;
  exchangeRateAsOf: string | null;
}

/** A scheduled regular price change or sale, as answered to the service that scheduled it. */
export interface ScheduledPriceModel {
  productId: string;
  kind: 'REGULAR' | 'SALE';
  currency: string;
  amount: number;
  regularAmount: number;
  validFrom: Date;
  validUntil: Date | null;
}

/** A promo code row as the API shows it. */
export interface PromoCodeModel {
  code: string;
  description: string;
  kind: 'PERCENT' | 'FIXED';
  percentOff: number | null;
  amountOff: number | null;
  minSpend: number;
  startsAt: Date;
  endsAt: Date | null;
  maxUses: number | null;
  maxUsesPerUser: number | null;
  uses: number;
  categories: string[];
  brands: string[];
  stackable: boolean;
}

/** Why a promo code does not apply (a typed result, not an error). */
export interface PromoRejectionModel {
  code: string;
  reason: 'EXPIRED' | 'MIN_SPEND_NOT_MET' | 'USAGE_LIMIT_REACHED' | 'NOT_APPLICABLE' | 'UNKNOWN_CODE';
  message: string;
}

/** What a promo code takes off a cart. */
export interface PromoDiscountModel {
  code: string;
  description: string;
  discount: MoneyModel;
  subtotal: MoneyModel;
  eligibleSubtotal: MoneyModel;
  stackable: boolean;
}

/** A recorded use of a promo code. */
export interface PromoRedemptionModel {
  code: string;
  reference: string;
  userId: string | null;
  redeemedAt: Date;
  uses: number;
}
