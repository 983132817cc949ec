-- The vocabulary's and the word pairs' UPDATE triggers (drizzle/0004, 0009) joined the transition tables and unnested
-- `terms` in one query: with no statistics on transition tables the planner could unnest every new row's terms (and,
-- for pairs, every pair of them) before the join that discards rows whose terms did not change. A whole-table update
-- that changes no terms (the bulk load setting 5M prices) then wrote tens of GB of temporary files. The rows whose
-- terms changed are now found first (materialized), and only they are unnested.
CREATE OR REPLACE FUNCTION "product"."search_terms_after_update"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- Price, stock and rating updates leave `terms` alone: only rows whose terms changed count.
  WITH changed AS MATERIALIZED (
    SELECT n.terms AS new_terms, o.terms AS old_terms FROM new_rows n JOIN old_rows o USING (product_id)
    WHERE n.terms IS DISTINCT FROM o.terms
  )
  INSERT INTO product.search_terms AS t (term, documents)
  SELECT w, d FROM (
    SELECT w, sum(s)::int AS d FROM (
      SELECT w, 1 AS s FROM changed c, unnest(c.new_terms) AS w
      UNION ALL
      SELECT w, -1 FROM changed c, unnest(c.old_terms) AS w
    ) x GROUP BY w
  ) agg
  WHERE d <> 0
  ORDER BY w
  ON CONFLICT (term) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "product"."search_term_pairs_after_update"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- Price, stock and rating updates leave `terms` alone: only rows whose terms changed count.
  WITH changed AS MATERIALIZED (
    SELECT n.terms AS new_terms, o.terms AS old_terms FROM new_rows n JOIN old_rows o USING (product_id)
    WHERE n.terms IS DISTINCT FROM o.terms
  )
  INSERT INTO product.search_term_pairs AS t (a, b, documents)
  SELECT a, b, d FROM (
    SELECT a, b, sum(s)::int AS d FROM (
      SELECT a, b, 1 AS s FROM changed c, unnest(c.new_terms) AS a, unnest(c.new_terms) AS b WHERE a < b
      UNION ALL
      SELECT a, b, -1 FROM changed c, unnest(c.old_terms) AS a, unnest(c.old_terms) AS b WHERE a < b
    ) x GROUP BY a, b
  ) agg
  WHERE d <> 0
  ORDER BY a, b
  ON CONFLICT (a, b) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;
