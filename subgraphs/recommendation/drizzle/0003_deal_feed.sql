CREATE TABLE "recommendation"."deal_clicks" (
	"shopper" text NOT NULL,
	"merchant_id" uuid NOT NULL,
	"clicks" integer NOT NULL,
	"last_clicked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deal_clicks_shopper_merchant_id_pk" PRIMARY KEY("shopper","merchant_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."deals" (
	"deal_id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" uuid NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"category" text,
	"currency" text NOT NULL,
	"price_amount" bigint NOT NULL,
	"original_amount" bigint,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"active" boolean NOT NULL,
	"suspicious_pricing" boolean NOT NULL,
	"confidence" real NOT NULL,
	"event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deals_currency_iso" CHECK ("recommendation"."deals"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "deals_price_positive" CHECK ("recommendation"."deals"."price_amount" > 0)
);
--> statement-breakpoint
CREATE INDEX "deals_live_idx" ON "recommendation"."deals" USING btree ("expires_at") WHERE active;