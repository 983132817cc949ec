/** The large-catalog generator (see README "Large catalogs"). */
export { createPrng, type Prng } from './prng.ts';
export { buildVocabulary, categoryPathFor, plural, type SourceProduct, type Vocabulary } from './vocabulary.ts';
export { generateCatalog, generatedStock, type GeneratedProduct, type GenerateOptions } from './catalog.ts';
export { CATALOG_COLUMNS, CSV_HEADER, toCsvLine, toJsonLine } from './format.ts';
