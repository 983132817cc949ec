/** Turns the Online Retail data set (@emporium/retail-data) into the evaluation's dense arrays. */
import type { RetailDataset } from '@emporium/retail-data';
import { toDays } from '../engine/decay.ts';
import type { EvaluationData } from './evaluate.ts';

/** Products in data set order; orders in time order (the loader's order), each with its distinct sold products. */
export function evaluationDataFromRetail(data: Pick<RetailDataset, 'products' | 'invoices'>): EvaluationData & { customerIds: string[]; countryCodes: string[] } {
  const index = new Map(data.products.map((p, i) => [p.id, i]));
  const customers = new Map<string, number>();
  const countries = new Map<string, number>();
  const orders = [...data.invoices]
    .sort((a, b) => a.invoicedAt.getTime() - b.invoicedAt.getTime())
    .map((inv) => {
      const items = new Set<number>();
      for (const l of inv.lines) {
        const i = index.get(l.productId);
        if (i !== undefined && l.quantity > 0) items.add(i);
      }
      let customer = -1;
      if (inv.customerId) customer = customers.get(inv.customerId) ?? (customers.set(inv.customerId, customers.size), customers.size - 1);
      let country = -1;
      if (inv.countryCode) country = countries.get(inv.countryCode) ?? (countries.set(inv.countryCode, countries.size), countries.size - 1);
      return { customer, country, day: toDays(inv.invoicedAt), items: Int32Array.from(items) };
    });
  return {
    products: data.products.map((p) => ({ categoryPath: p.categoryPath, brand: p.brand, tags: p.tags, priceMinor: p.unitPriceMinor })),
    orders,
    countries: countries.size,
    customerIds: [...customers.keys()],
    countryCodes: [...countries.keys()],
  };
}
