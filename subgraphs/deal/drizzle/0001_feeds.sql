CREATE TABLE "deal"."feed_offers" (
	"merchant_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"deal_id" uuid NOT NULL,
	"feed_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"status" text NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "feed_offers_merchant_id_external_id_pk" PRIMARY KEY("merchant_id","external_id"),
	CONSTRAINT "feed_offers_status" CHECK ("deal"."feed_offers"."status" in ('valid', 'rejected', 'expired', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "deal"."feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"url" text NOT NULL,
	"format" text DEFAULT 'auto' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	CONSTRAINT "feeds_format" CHECK ("deal"."feeds"."format" in ('auto', 'jsonl', 'csv'))
);
--> statement-breakpoint
CREATE TABLE "deal"."ingest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "deal"."ingest_runs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"fetched" integer DEFAULT 0 NOT NULL,
	"valid" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"expired" integer DEFAULT 0 NOT NULL,
	"report" jsonb
);
--> statement-breakpoint
CREATE TABLE "deal"."price_observations" (
	"deal_id" uuid NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"price_amount" bigint NOT NULL,
	"original_amount" bigint,
	CONSTRAINT "price_observations_deal_id_observed_at_pk" PRIMARY KEY("deal_id","observed_at")
);
--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "feed_id" uuid;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "brand" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "gtin" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "terms" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "image_url" text;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "suspicious_pricing" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "clicks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "saves" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."merchants" ADD COLUMN "allow_private_network" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."merchants" ADD COLUMN "rate_limit_per_minute" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."merchants" ADD COLUMN "simulated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."merchants" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "deal"."feed_offers" ADD CONSTRAINT "feed_offers_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "deal"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal"."feed_offers" ADD CONSTRAINT "feed_offers_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "deal"."feeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal"."feeds" ADD CONSTRAINT "feeds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "deal"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_offers_feed_idx" ON "deal"."feed_offers" USING btree ("feed_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feeds_merchant_url_idx" ON "deal"."feeds" USING btree ("merchant_id","url");--> statement-breakpoint
CREATE INDEX "ingest_runs_seq_idx" ON "deal"."ingest_runs" USING btree ("seq" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_runs_one_running_idx" ON "deal"."ingest_runs" USING btree ("status") WHERE status = 'running';--> statement-breakpoint
ALTER TABLE "deal"."deals" ADD CONSTRAINT "deals_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "deal"."feeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deals_merchant_external_idx" ON "deal"."deals" USING btree ("merchant_id","external_id");--> statement-breakpoint
ALTER TABLE "deal"."merchants" ADD CONSTRAINT "merchants_rate_limit_range" CHECK ("deal"."merchants"."rate_limit_per_minute" between 1 and 6000);