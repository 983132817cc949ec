CREATE SCHEMA "inventory";
--> statement-breakpoint
CREATE TABLE "inventory"."inbox" (
	"consumer_group" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_group_event_id_pk" PRIMARY KEY("consumer_group","event_id")
);
--> statement-breakpoint
CREATE TABLE "inventory"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inventory"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"source" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "inventory"."stock" (
	"product_id" uuid NOT NULL,
	"warehouse_code" text NOT NULL,
	"on_hand" integer NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"committed" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_product_id_warehouse_code_pk" PRIMARY KEY("product_id","warehouse_code"),
	CONSTRAINT "stock_on_hand_nonneg" CHECK ("inventory"."stock"."on_hand" >= 0),
	CONSTRAINT "stock_reserved_nonneg" CHECK ("inventory"."stock"."reserved" >= 0),
	CONSTRAINT "stock_committed_nonneg" CHECK ("inventory"."stock"."committed" >= 0),
	CONSTRAINT "stock_held_within_on_hand" CHECK ("inventory"."stock"."reserved" + "inventory"."stock"."committed" <= "inventory"."stock"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "inventory"."warehouses" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	CONSTRAINT "warehouses_country_iso2" CHECK ("inventory"."warehouses"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "inventory"."stock" ADD CONSTRAINT "stock_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "inventory"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "inventory"."outbox" USING btree ("occurred_at","seq") WHERE published_at IS NULL;--> statement-breakpoint
CREATE INDEX "stock_warehouse_idx" ON "inventory"."stock" USING btree ("warehouse_code");