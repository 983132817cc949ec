/** @emporium/retail-data — the Online Retail data set read and derived with documented rules (see README). */
export type {
  DropReport, LoadOptions, LoadProgress, RawCounts, RetailCancellation, RetailCustomer, RetailDataset,
  RetailInvoice, RetailInvoiceLine, RetailProduct,
} from './types.ts';
export { loadRetailDataset, defaultRetailDataFile, resolveRetailDataFile, RETAIL_DATA_FILE_ENV } from './load.ts';
export { formatDropReport } from './report.ts';
export { slugify, categorySlug, titleCase } from './text.ts';
export {
  PRODUCT_NAMESPACE, CUSTOMER_NAMESPACE, INVOICE_NAMESPACE, productIdForSku, userIdForCustomer, orderIdForInvoice,
} from './ids.ts';
export { CATEGORY_RULES, FALLBACK_CATEGORY, categorize, categoryTree } from './categories.ts';
export { BRAND_RULES, HOUSE_BRAND, brandFor } from './brands.ts';
export { tagsFor } from './tags.ts';
export { COUNTRY_CODES, countryCodeFor } from './countries.ts';
export { DROP_REASONS, NON_PRODUCT_CODES, NON_PRODUCT_PREFIXES, isNonProductCode } from './rules.ts';
export { DERIVED_PRODUCT_FIELDS } from './products.ts';
export { quantityOnHandFor } from './stock.ts';
export { gtinForStockCode } from './gtin.ts';
// The GS1 check digit lives in the kit (product import and deal feeds validate GTINs with it); re-exported for the demo data's users.
export { gtinCheckDigit, isGtin } from '@emporium/kit';
export {
  buildVocabulary, generateCatalog, generatedStock, createPrng, categoryPathFor, CATALOG_COLUMNS, CSV_HEADER, toCsvLine, toJsonLine,
  type GeneratedProduct, type GenerateOptions, type Prng, type SourceProduct, type Vocabulary,
} from './generate/index.ts';
