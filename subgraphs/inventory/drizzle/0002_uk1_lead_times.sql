-- Lead times of the demo warehouse UK-1 (src/lead-times.ts, README: lead times) for databases seeded before lead times
-- existed: without rows a warehouse ships nowhere. Fresh databases get the same rows from the seed; nothing happens
-- when UK-1 does not exist yet, and existing rows are kept.
INSERT INTO "inventory"."lead_times" ("warehouse_code", "country", "min_days", "max_days")
SELECT 'UK-1', v.country, v.min_days, v.max_days
FROM (VALUES
  ('GB', 1, 2),
  ('AT', 3, 5),
  ('BE', 3, 5),
  ('BG', 3, 5),
  ('CY', 3, 5),
  ('CZ', 3, 5),
  ('DE', 3, 5),
  ('DK', 3, 5),
  ('EE', 3, 5),
  ('ES', 3, 5),
  ('FI', 3, 5),
  ('FR', 3, 5),
  ('GR', 3, 5),
  ('HR', 3, 5),
  ('HU', 3, 5),
  ('IE', 3, 5),
  ('IT', 3, 5),
  ('LT', 3, 5),
  ('LU', 3, 5),
  ('LV', 3, 5),
  ('MT', 3, 5),
  ('NL', 3, 5),
  ('PL', 3, 5),
  ('PT', 3, 5),
  ('RO', 3, 5),
  ('SE', 3, 5),
  ('SI', 3, 5),
  ('SK', 3, 5),
  ('US', 5, 8),
  ('*', 7, 14)
) AS v (country, min_days, max_days)
WHERE EXISTS (SELECT 1 FROM "inventory"."warehouses" WHERE "code" = 'UK-1')
ON CONFLICT DO NOTHING;
