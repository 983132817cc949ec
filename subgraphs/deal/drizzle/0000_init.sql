CREATE SCHEMA "deal";
--> statement-breakpoint
CREATE TABLE "deal"."deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"price_amount" bigint NOT NULL,
	"original_amount" bigint,
	"currency" text NOT NULL,
	"coupon_code" text,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_price_positive" CHECK ("deal"."deals"."price_amount" > 0),
	CONSTRAINT "deals_original_positive" CHECK ("deal"."deals"."original_amount" is null or "deal"."deals"."original_amount" > 0),
	CONSTRAINT "deals_currency_iso" CHECK ("deal"."deals"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "deals_expiry_after_start" CHECK ("deal"."deals"."expires_at" is null or "deal"."deals"."expires_at" > "deal"."deals"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "deal"."inbox" (
	"consumer_group" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_group_event_id_pk" PRIMARY KEY("consumer_group","event_id")
);
--> statement-breakpoint
CREATE TABLE "deal"."merchants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"reputation" real NOT NULL,
	"website_url" text,
	CONSTRAINT "merchants_reputation_range" CHECK ("deal"."merchants"."reputation" >= 0 and "deal"."merchants"."reputation" <= 1)
);
--> statement-breakpoint
CREATE TABLE "deal"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "deal"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"source" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD CONSTRAINT "deals_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "deal"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_product_idx" ON "deal"."deals" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "deals_expires_idx" ON "deal"."deals" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "deals_merchant_idx" ON "deal"."deals" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "deal"."outbox" USING btree ("occurred_at","seq") WHERE published_at IS NULL;