CREATE TABLE "product"."search_generation" (
	"id" smallint PRIMARY KEY NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- 16 stripes; the generation is their sum. A writer bumps the stripe of its own backend, so concurrent writers of the
-- search tables wait for each other's commits only when their backends share a stripe (one row would make every
-- writing transaction of the subgraph take turns at commit).
INSERT INTO "product"."search_generation" ("id", "n") SELECT i, 0 FROM generate_series(1, 16) AS i ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Bumps the generation once per transaction that changed a row search statements read. Deferred row triggers
-- fire at commit, after every other write of the transaction: the counter's row lock is taken last and held only
-- while committing (a statement trigger would hold it from the first write on, and two writers could deadlock on it
-- and a product row). The transaction-local setting makes the rows after the first cost one check each.
CREATE FUNCTION "product"."search_generation_bump"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF current_setting('product.search_generation_bumped', true) IS DISTINCT FROM 'on' THEN
    UPDATE product.search_generation SET n = n + 1 WHERE id = 1 + pg_backend_pid() % 16;
    PERFORM set_config('product.search_generation_bumped', 'on', true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_generation_documents" AFTER INSERT OR UPDATE OR DELETE ON "product"."search_documents"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "product"."search_generation_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_generation_terms" AFTER INSERT OR UPDATE OR DELETE ON "product"."search_terms"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "product"."search_generation_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_generation_products" AFTER INSERT OR UPDATE OR DELETE ON "product"."products"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "product"."search_generation_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_generation_categories" AFTER INSERT OR UPDATE OR DELETE ON "product"."categories"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "product"."search_generation_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_generation_brands" AFTER INSERT OR UPDATE OR DELETE ON "product"."brands"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "product"."search_generation_bump"();
