import type { Keys } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import type { RetailProduct } from '@emporium/retail-data';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { seedProducts } from '../src/seed.ts';
import { buildProductSubgraph } from '../src/server.ts';

const base = new Date('2026-01-01T00:00:00Z').getTime();

/** A product of the search fixture: title, category path, brand, GBP pence, units in stock, orders (popularity). */
type Row = [title: string, path: string[], brand: string, price: number, stock: number, orders: number, description?: string, tags?: string[]];

const CANDLES = ['Home & Living', 'Candles & Lighting'];
const DECOR = ['Home & Living', 'Home Decor'];
const TABLEWARE = ['Kitchen & Dining', 'Tableware'];
const DRINKWARE = ['Kitchen & Dining', 'Drinkware'];
const BAGS = ['Bags & Accessories', 'Bags'];
const HEADPHONES = ['Electronics', 'Audio', 'Headphones'];
const SPEAKERS = ['Electronics', 'Audio', 'Speakers'];

/**
 * The search fixture: 24 products in a three-level category tree, with prices across the facet buckets, some out of
 * stock, and texts chosen for the relevance, typo and highlight tests (a literal, not generated).
 */
const rows: Row[] = [
  ['White Hanging Heart T-Light Holder', CANDLES, 'Emporium Essentials', 255, 50, 100],
  ['Red Hanging Heart T-Light Holder', CANDLES, 'Emporium Essentials', 265, 0, 40],
  ['Glass Star Frosted T-Light Holder', CANDLES, 'Emporium Essentials', 425, 12, 60],
  ['Zinc Lantern', CANDLES, 'Emporium Essentials', 850, 4, 5, 'A zinc lantern with a heart shaped window.'],
  ['Heart of Wicker Large', DECOR, 'Emporium Essentials', 295, 3, 30],
  ['Wooden Star Decoration', DECOR, 'Scandinavian', 95, 100, 12],
  ['Heart Holder Hook', DECOR, 'Emporium Essentials', 199, 7, 9],
  ['Holder for Keys with Heart', DECOR, 'Emporium Essentials', 199, 7, 9],
  ['Regency Cakestand 3 Tier', TABLEWARE, 'Regency', 1275, 8, 90],
  ['Teacup and Saucer Set', TABLEWARE, 'Regency', 295, 20, 25],
  ['Cake Plate Floral', TABLEWARE, 'Emporium Essentials', 350, 15, 25, 'A cake plate that goes with the Regency range.'],
  ['Retrospot Mug', DRINKWARE, 'Retrospot', 125, 40, 70],
  ['Tom & Jerry\'s "Deluxe" Mug', DRINKWARE, 'Emporium Essentials', 150, 10, 1],
  ['Retrospot Lunch Bag', BAGS, 'Retrospot', 165, 0, 80],
  ['Jumbo Bag Pink Polkadot', BAGS, 'Polkadot', 195, 60, 75],
  ['Jumbo Bag Red Retrospot', BAGS, 'Retrospot', 195, 30, 85],
  ['Wireless Headphones Black', HEADPHONES, 'Soundwave', 4999, 5, 20],
  ['Wireless Headphones White', HEADPHONES, 'Soundwave', 5499, 0, 15],
  ['Ear Muff Headphones', HEADPHONES, 'Emporium Essentials', 595, 9, 35],
  ['Bluetooth Speaker', SPEAKERS, 'Soundwave', 2999, 11, 18],
  ['Crème Brûlée Dish', TABLEWARE, 'Emporium Essentials', 450, 6, 3],
  ['Christmas Tree Star', DECOR, 'Scandinavian', 75, 200, 50],
  ['Christmas Heart Bunting', DECOR, 'Emporium Essentials', 2600, 2, 45],
  ['Garden Lantern Large', ['Garden & Outdoor', 'Outdoor Living'], 'Emporium Essentials', 12000, 1, 2],
];

/** Id of fixture product `i`. */
export const fixtureId = (i: number) => `00000000-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`;

/** The fixture catalog as the seed reads it. */
export function searchFixture(): RetailProduct[] {
  return rows.map(([title, path, brand, price, stock, orders, description, tags], i) => ({
    id: fixtureId(i),
    sku: `F${String(i).padStart(4, '0')}`,
    slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-f${i}`,
    title,
    description: description ?? `${title} from the ${brand} range.`,
    categoryPath: path,
    brand,
    tags: tags ?? [],
    unitPriceMinor: price,
    priceHistory: [],
    quantityOnHand: stock,
    unitsSold: orders,
    firstSoldAt: new Date(base + i * 3_600_000),
    lastSoldAt: new Date(base + i * 3_600_000),
    derived: ['brand', 'categoryPath'],
  }));
}

/** The fixture product with this title. */
export function byTitle(title: string): RetailProduct {
  const p = searchFixture().find((x) => x.title === title);
  if (!p) throw new Error(`no fixture product ${title}`);
  return p;
}

/** A product runtime seeded with the search fixture and the subgraph app over it. */
export interface SearchFixtureApp {
  rt: ProductRuntime;
  app: Awaited<ReturnType<typeof buildProductSubgraph>>['app'];
  close(): Promise<void>;
}

/** Opens a runtime (PGlite, or DATABASE_URL), seeds {@link searchFixture} and builds the subgraph app over it. */
export async function openSearchFixtureApp(keys: Keys, products: RetailProduct[] = searchFixture()): Promise<SearchFixtureApp> {
  const rt = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys });
  try {
    await seedProducts(rt, { products });
    const { app } = await buildProductSubgraph(rt);
    return { rt, app, close: async () => { await app.close(); await rt.close(); } };
  } catch (err) {
    await rt.close();
    throw err;
  }
}
