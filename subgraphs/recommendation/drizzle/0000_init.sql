CREATE SCHEMA "recommendation";
--> statement-breakpoint
CREATE TABLE "recommendation"."co_purchases" (
	"product_id" uuid NOT NULL,
	"other_product_id" uuid NOT NULL,
	"orders_together" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "co_purchases_product_id_other_product_id_pk" PRIMARY KEY("product_id","other_product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."inbox" (
	"consumer_group" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_group_event_id_pk" PRIMARY KEY("consumer_group","event_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "recommendation"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"source" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "recommendation"."product_stats" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"orders" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "co_purchases_product_score_idx" ON "recommendation"."co_purchases" USING btree ("product_id","score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "recommendation"."outbox" USING btree ("occurred_at","seq") WHERE published_at IS NULL;