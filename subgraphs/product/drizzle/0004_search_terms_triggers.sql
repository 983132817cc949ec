-- Keeps product.search_terms.documents equal to the number of search_documents rows whose `terms` contain the word.
-- Statement-level triggers with transition tables apply one aggregated delta per statement (a bulk load is one
-- GROUP BY, not one trigger call per row), and the upsert touches words in sorted order so concurrent writers cannot
-- deadlock on them. Words whose count drops to 0 stay (documents = 0) and are ignored by lookups.
-- INSERT ... ON CONFLICT DO UPDATE fires the insert trigger for inserted rows and the update trigger for updated ones.
CREATE FUNCTION "product"."search_terms_after_insert"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO product.search_terms AS t (term, documents)
  SELECT w, count(*)::int FROM new_rows, unnest(new_rows.terms) AS w GROUP BY w ORDER BY w
  ON CONFLICT (term) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "product"."search_terms_after_update"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- Price, stock and rating updates leave `terms` alone: only rows whose terms changed count.
  INSERT INTO product.search_terms AS t (term, documents)
  SELECT w, d FROM (
    SELECT w, sum(s)::int AS d FROM (
      SELECT w, 1 AS s FROM new_rows n JOIN old_rows o USING (product_id), unnest(n.terms) AS w WHERE n.terms IS DISTINCT FROM o.terms
      UNION ALL
      SELECT w, -1 FROM old_rows o JOIN new_rows n USING (product_id), unnest(o.terms) AS w WHERE n.terms IS DISTINCT FROM o.terms
    ) x GROUP BY w
  ) agg
  WHERE d <> 0
  ORDER BY w
  ON CONFLICT (term) DO UPDATE SET documents = t.documents + excluded.documents;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "product"."search_terms_after_delete"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE product.search_terms AS t SET documents = t.documents - x.n
  FROM (SELECT w, count(*)::int AS n FROM old_rows, unnest(old_rows.terms) AS w GROUP BY w ORDER BY w) x
  WHERE t.term = x.w;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "search_terms_insert" AFTER INSERT ON "product"."search_documents"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_terms_after_insert"();--> statement-breakpoint
CREATE TRIGGER "search_terms_update" AFTER UPDATE ON "product"."search_documents"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_terms_after_update"();--> statement-breakpoint
CREATE TRIGGER "search_terms_delete" AFTER DELETE ON "product"."search_documents"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "product"."search_terms_after_delete"();
