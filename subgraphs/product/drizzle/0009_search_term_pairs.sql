CREATE TABLE "product"."search_term_pairs" (
	"a" text NOT NULL,
	"b" text NOT NULL,
	"documents" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "search_term_pairs_a_b_pk" PRIMARY KEY("a","b")
);
--> statement-breakpoint
-- Keeps product.search_term_pairs.documents equal to the number of search_documents rows whose `terms` contain both
-- words (a < b), like search_terms (drizzle/0004): statement-level triggers with transition tables apply one aggregated
-- delta per statement, upserting pairs in sorted order so concurrent writers cannot deadlock on them. Pairs whose
-- count drops to 0 stay (documents = 0).
CREATE FUNCTION "product"."search_term_pairs_after_insert"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO product.search_term_pairs AS t (a, b, documents)
  SELECT a, b, count(*)::int FROM new_rows n, unnest(n.terms) AS a, unnest(n.terms) AS b WHERE a < b GROUP BY a, b ORDER BY a, b
  ON CONFLICT (a, b) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "product"."search_term_pairs_after_update"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- Price, stock and rating updates leave `terms` alone: only rows whose terms changed count.
  INSERT INTO product.search_term_pairs AS t (a, b, documents)
  SELECT a, b, d FROM (
    SELECT a, b, sum(s)::int AS d FROM (
      SELECT a, b, 1 AS s FROM new_rows n JOIN old_rows o USING (product_id), unnest(n.terms) AS a, unnest(n.terms) AS b
        WHERE n.terms IS DISTINCT FROM o.terms AND a < b
      UNION ALL
      SELECT a, b, -1 FROM old_rows o JOIN new_rows n USING (product_id), unnest(o.terms) AS a, unnest(o.terms) AS b
        WHERE n.terms IS DISTINCT FROM o.terms AND a < b
    ) x GROUP BY a, b
  ) agg
  WHERE d <> 0
  ORDER BY a, b
  ON CONFLICT (a, b) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "product"."search_term_pairs_after_delete"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE product.search_term_pairs AS t SET documents = t.documents - x.n
  FROM (SELECT a, b, count(*)::int AS n FROM old_rows o, unnest(o.terms) AS a, unnest(o.terms) AS b WHERE a < b GROUP BY a, b ORDER BY a, b) x
  WHERE t.a = x.a AND t.b = x.b;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "search_term_pairs_insert" AFTER INSERT ON "product"."search_documents"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_term_pairs_after_insert"();--> statement-breakpoint
CREATE TRIGGER "search_term_pairs_update" AFTER UPDATE ON "product"."search_documents"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_term_pairs_after_update"();--> statement-breakpoint
CREATE TRIGGER "search_term_pairs_delete" AFTER DELETE ON "product"."search_documents"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_term_pairs_after_delete"();--> statement-breakpoint
-- The pairs of the rows already there.
INSERT INTO product.search_term_pairs (a, b, documents)
SELECT a, b, count(*)::int FROM product.search_documents d, unnest(d.terms) AS a, unnest(d.terms) AS b WHERE a < b GROUP BY a, b;
