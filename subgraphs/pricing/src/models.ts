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
}
