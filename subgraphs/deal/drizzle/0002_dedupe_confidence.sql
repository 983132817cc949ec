CREATE TABLE "deal"."catalog_products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"brand" text,
	"category" text,
	"gtin" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "product_match" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "confidence_factors" jsonb;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "confidence_base" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce("deal"."deals"."title", '') || ' ' || coalesce("deal"."deals"."description", '') || ' ' || coalesce("deal"."deals"."brand", '') || ' ' || coalesce("deal"."deals"."category", ''))) STORED;--> statement-breakpoint
CREATE INDEX "deals_group_idx" ON "deal"."deals" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "deals_search_idx" ON "deal"."deals" USING gin ("search");