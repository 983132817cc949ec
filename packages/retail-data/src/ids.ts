import { v5 } from 'uuid';

/** UUID v5 namespace for products: v5('urn:emporium:retail-data:product', v5.URL). */
export const PRODUCT_NAMESPACE = 'baf8fd1b-d5fd-5eb3-b1c2-5e58fc361390';
/** UUID v5 namespace for customers/users: v5('urn:emporium:retail-data:customer', v5.URL). */
export const CUSTOMER_NAMESPACE = '839b2017-e20e-504e-a48e-2db2600e6340';
/** UUID v5 namespace for invoices/orders: v5('urn:emporium:retail-data:invoice', v5.URL). */
export const INVOICE_NAMESPACE = '2b118b84-e05a-5bd9-a01e-20a1a6902dba';

/** Product id for a stock code; the code is upper-cased first, so '85123a' and '85123A' agree. */
export function productIdForSku(sku: string): string {
  return v5(sku.trim().toUpperCase(), PRODUCT_NAMESPACE);
}

/** User id for a CustomerID (e.g. '17850'). */
export function userIdForCustomer(customerId: string): string {
  return v5(customerId.trim(), CUSTOMER_NAMESPACE);
}

/** Order id for an InvoiceNo (e.g. '536365'). */
export function orderIdForInvoice(invoiceNo: string): string {
  return v5(invoiceNo.trim().toUpperCase(), INVOICE_NAMESPACE);
}
