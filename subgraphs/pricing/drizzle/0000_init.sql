CREATE SCHEMA "pricing";
--> statement-breakpoint
CREATE TABLE "pricing"."inbox" (
	"consumer_group" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_group_event_id_pk" PRIMARY KEY("consumer_group","event_id")
);
--> statement-breakpoint
CREATE TABLE "pricing"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "pricing"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"source" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "pricing"."price_history" (
	"product_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	CONSTRAINT "price_history_product_id_currency_valid_from_pk" PRIMARY KEY("product_id","currency","valid_from"),
	CONSTRAINT "price_history_amount_positive" CHECK ("pricing"."price_history"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "pricing"."prices" (
	"product_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prices_product_id_currency_pk" PRIMARY KEY("product_id","currency"),
	CONSTRAINT "prices_amount_positive" CHECK ("pricing"."prices"."amount" > 0),
	CONSTRAINT "prices_currency_iso" CHECK ("pricing"."prices"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "pricing"."outbox" USING btree ("occurred_at","seq") WHERE published_at IS NULL;--> statement-breakpoint
CREATE INDEX "prices_currency_idx" ON "pricing"."prices" USING btree ("currency");