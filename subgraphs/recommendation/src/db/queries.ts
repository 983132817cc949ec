import { sql } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import type { RecommendationModel } from '../models.ts';
import type * as schema from './schema.ts';
import { coPurchases, productStats } from './schema.ts';

type Db = Database<typeof schema>;
type Tx = Transaction<typeof schema>;

/** Neighbours beyond this rank are never shown (the seed keeps 20; live updates may leave extra rows). */
export const TOP_PER_PRODUCT = 20;
/** Pairs bought together in fewer orders than this are not recommended (minimum support). */
export const MIN_SUPPORT = 3;

const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(
  ids.map((id) => sql`${id}`),
  sql`, `,
)}]::uuid[]`;

/**
 * The best `first` neighbours (at most {@link TOP_PER_PRODUCT}, support ≥ {@link MIN_SUPPORT}) of each product, best
 * score first — ONE statement for any number of products, ranked per product by a window function.
 */
export async function topRecommendations(db: Db, productIds: readonly string[], first: number): Promise<RecommendationModel[]> {
  const limit = Math.min(first, TOP_PER_PRODUCT);
  if (productIds.length === 0 || limit <= 0) return [];
  const rows = await executeRows<{ product_id: string; other_product_id: string; orders_together: number; score: number }>(
    db,
    sql`select product_id, other_product_id, orders_together, score from (
          select cp.product_id, cp.other_product_id, cp.orders_together, cp.score,
                 row_number() over (partition by cp.product_id order by cp.score desc, cp.other_product_id) as rank
            from ${coPurchases} as cp
           where cp.product_id = any(${uuidArray(productIds)})
             and cp.orders_together >= ${MIN_SUPPORT}
        ) ranked
        where rank <= ${limit}
        order by product_id, rank`,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    otherProductId: r.other_product_id,
    ordersTogether: Number(r.orders_together),
    score: Number(r.score),
  }));
}

/**
 * Applies one more order containing `productIds` (distinct) inside `tx`: +1 order per product, +1 per directed pair
 * (rows are created when missing), then re-scores every stored pair that involves one of the products (their cosine
 * denominators moved). Three statements whatever the order size.
 */
export async function applyOrderToStats(tx: Tx, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  const ids = uuidArray(productIds);
  await tx.execute(sql`
    insert into ${productStats} as s (product_id, orders)
    select id, 1 from unnest(${ids}) as p(id)
    on conflict (product_id) do update set orders = s.orders + 1`);
  if (productIds.length > 1) {
    await tx.execute(sql`
      insert into ${coPurchases} as cp (product_id, other_product_id, orders_together, score)
      select a.id, b.id, 1, 0 from unnest(${ids}) as a(id) cross join unnest(${ids}) as b(id) where a.id <> b.id
      on conflict (product_id, other_product_id) do update set orders_together = cp.orders_together + 1`);
  }
  await tx.execute(sql`
    update ${coPurchases} as cp
       set score = least(1, cp.orders_together / sqrt(sa.orders::float8 * sb.orders::float8))
      from ${productStats} as sa, ${productStats} as sb
     where sa.product_id = cp.product_id and sb.product_id = cp.other_product_id
       and (cp.product_id = any(${ids}) or cp.other_product_id = any(${ids}))`);
}
