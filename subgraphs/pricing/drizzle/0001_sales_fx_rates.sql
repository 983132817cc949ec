CREATE TABLE "pricing"."fx_rates" (
	"currency" char(3) PRIMARY KEY NOT NULL,
	"rate" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fx_rates_currency_iso" CHECK ("pricing"."fx_rates"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "fx_rates_rate_decimal" CHECK ("pricing"."fx_rates"."rate" ~ '^[0-9]{1,12}([.][0-9]{1,12})?$' and "pricing"."fx_rates"."rate" !~ '^0+([.]0+)?$')
);
--> statement-breakpoint
CREATE TABLE "pricing"."sales" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sales_amount_positive" CHECK ("pricing"."sales"."amount" > 0),
	CONSTRAINT "sales_window" CHECK ("pricing"."sales"."ends_at" > "pricing"."sales"."starts_at")
);
--> statement-breakpoint
CREATE INDEX "sales_product_window_idx" ON "pricing"."sales" USING btree ("product_id","currency","starts_at");