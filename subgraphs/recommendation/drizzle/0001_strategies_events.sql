CREATE TABLE "recommendation"."cart_adds" (
	"shopper" text NOT NULL,
	"product_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cart_adds_shopper_product_id_pk" PRIMARY KEY("shopper","product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."co_views" (
	"product_id" uuid NOT NULL,
	"other_product_id" uuid NOT NULL,
	"shoppers_together" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "co_views_product_id_other_product_id_pk" PRIMARY KEY("product_id","other_product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."daily_sales" (
	"day" date NOT NULL,
	"product_id" uuid NOT NULL,
	"orders" integer NOT NULL,
	CONSTRAINT "daily_sales_day_product_id_pk" PRIMARY KEY("day","product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."last_orders" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"product_ids" uuid[] NOT NULL,
	"placed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendation"."product_views" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"shoppers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendation"."products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"category_path" text[] DEFAULT '{}'::text[] NOT NULL,
	"brand" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"attributes_at" timestamp with time zone,
	"price_minor" integer,
	"price_at" timestamp with time zone,
	"in_stock" boolean DEFAULT true NOT NULL,
	"stock_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recommendation"."shopper_views" (
	"shopper" text NOT NULL,
	"product_id" uuid NOT NULL,
	"viewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shopper_views_shopper_product_id_pk" PRIMARY KEY("shopper","product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."tracked_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"user_id" uuid,
	"session_id" text,
	"product_id" uuid,
	"query" text,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tracked_events_shopper" CHECK ("recommendation"."tracked_events"."user_id" is not null or "recommendation"."tracked_events"."session_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "recommendation"."trending" (
	"country" text NOT NULL,
	"product_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "trending_country_product_id_pk" PRIMARY KEY("country","product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."trending_totals" (
	"country" text PRIMARY KEY NOT NULL,
	"value" double precision NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendation"."user_purchases" (
	"user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"orders" integer NOT NULL,
	"decayed" double precision NOT NULL,
	"decayed_at" timestamp with time zone NOT NULL,
	"last_ordered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_purchases_user_id_product_id_pk" PRIMARY KEY("user_id","product_id")
);
--> statement-breakpoint
CREATE INDEX "co_views_product_score_idx" ON "recommendation"."co_views" USING btree ("product_id","score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shopper_views_recent_idx" ON "recommendation"."shopper_views" USING btree ("shopper","viewed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tracked_events_occurred_idx" ON "recommendation"."tracked_events" USING btree ("occurred_at");