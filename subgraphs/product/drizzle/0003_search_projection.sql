CREATE TABLE "product"."reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product"."search_documents" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"brand_id" uuid,
	"category_id" uuid,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"document" "tsvector" NOT NULL,
	"popularity" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"price_amount" bigint,
	"regular_amount" bigint,
	"discount_percent" integer DEFAULT 0 NOT NULL,
	"price_as_of" timestamp with time zone,
	"in_stock" boolean DEFAULT false NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"stock_as_of" timestamp with time zone,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_average" numeric(3, 2) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product"."search_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"documents" integer DEFAULT 0 NOT NULL,
	"skeleton" text GENERATED ALWAYS AS (product.search_skeleton(term)) STORED NOT NULL
);
--> statement-breakpoint
ALTER TABLE "product"."reviews" ADD CONSTRAINT "reviews_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "product"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product"."search_documents" ADD CONSTRAINT "search_documents_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "product"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_product_user_idx" ON "product"."reviews" USING btree ("product_id","user_id");--> statement-breakpoint
CREATE INDEX "reviews_product_order_idx" ON "product"."reviews" USING btree ("product_id","created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "search_documents_document_idx" ON "product"."search_documents" USING gin ("document");--> statement-breakpoint
CREATE INDEX "search_documents_category_ids_idx" ON "product"."search_documents" USING gin ("category_ids");--> statement-breakpoint
CREATE INDEX "search_documents_brand_idx" ON "product"."search_documents" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "search_documents_popularity_idx" ON "product"."search_documents" USING btree ("popularity" desc,"product_id" desc);--> statement-breakpoint
CREATE INDEX "search_documents_newest_idx" ON "product"."search_documents" USING btree ("created_at" desc,"product_id" desc);--> statement-breakpoint
CREATE INDEX "search_documents_price_asc_idx" ON "product"."search_documents" USING btree (coalesce("price_amount", 9007199254740991),"product_id");--> statement-breakpoint
CREATE INDEX "search_documents_price_desc_idx" ON "product"."search_documents" USING btree (coalesce("price_amount", -1) desc,"product_id" desc);--> statement-breakpoint
CREATE INDEX "search_documents_discount_idx" ON "product"."search_documents" USING btree ("discount_percent" desc,"product_id" desc);--> statement-breakpoint
CREATE INDEX "search_documents_rating_idx" ON "product"."search_documents" USING btree ("rating_average" desc,"rating_count" desc,"product_id" desc);--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "product"."search_terms" USING gist ("term" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_terms_prefix_idx" ON "product"."search_terms" USING btree ("term" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_terms_skeleton_idx" ON "product"."search_terms" USING btree ("skeleton");