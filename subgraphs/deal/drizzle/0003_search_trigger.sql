ALTER TABLE "deal"."deals" ALTER COLUMN "search" DROP EXPRESSION;--> statement-breakpoint
CREATE FUNCTION "deal"."deals_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := to_tsvector('english', coalesce(NEW.title, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(NEW.brand, '') || ' ' || coalesce(NEW.category, ''));
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "deals_search_vector" BEFORE INSERT OR UPDATE OF "title", "description", "brand", "category" ON "deal"."deals"
  FOR EACH ROW EXECUTE FUNCTION "deal"."deals_search_vector"();
