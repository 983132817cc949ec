-- Co-purchase scores become the shrunk cosine (README "Rules"): cosine · together / (together + 10).
-- Rows seeded before this migration hold the plain cosine; re-score them once (a no-op on an empty table).
UPDATE "recommendation"."co_purchases" AS cp
   SET score = least(1::float8, cp.orders_together::float8 / sqrt(sa.orders::float8 * sb.orders::float8))
             * (cp.orders_together::float8 / (cp.orders_together::float8 + 10::float8))
  FROM "recommendation"."product_stats" AS sa, "recommendation"."product_stats" AS sb
 WHERE sa.product_id = cp.product_id AND sb.product_id = cp.other_product_id;
