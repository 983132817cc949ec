-- The regular price in effect at a time is now read from price_history (the latest row up to that time). Databases
-- seeded before this rule have a base price in `prices` that the history may not end with (the seed's modal price vs
-- the last daily price): add a history row with each price, valid from when it was set, so the price shown does not
-- change. Rows that already exist (imports write both) are kept.
INSERT INTO "pricing"."price_history" ("product_id", "currency", "amount", "valid_from")
SELECT "product_id", "currency", "amount", "updated_at" FROM "pricing"."prices"
ON CONFLICT DO NOTHING;
