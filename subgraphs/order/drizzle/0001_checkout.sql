CREATE TABLE "order"."catalog_products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"category" text,
	"brand" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order"."checkouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_key" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"cart_id" uuid NOT NULL,
	"user_id" uuid,
	"session_id" text,
	"quote_hash" text NOT NULL,
	"step" text NOT NULL,
	"plan" jsonb,
	"outcome" jsonb,
	"order_id" uuid,
	"payment_reference" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkouts_owner_key_key" UNIQUE("owner_key","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "order"."order_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order"."order_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order"."sandbox_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"brand" text NOT NULL,
	"last4" char(4) NOT NULL,
	"status" text NOT NULL,
	"decline_reason" text,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sandbox_payments_idempotency_key" UNIQUE("idempotency_key"),
	CONSTRAINT "sandbox_payments_status" CHECK ("order"."sandbox_payments"."status" in ('SUCCEEDED', 'DECLINED'))
);
--> statement-breakpoint
DROP INDEX "order"."orders_user_idx";--> statement-breakpoint
ALTER TABLE "order"."carts" ADD COLUMN "shipping_address" jsonb;--> statement-breakpoint
ALTER TABLE "order"."carts" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "order"."carts" ADD COLUMN "promo_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."order_lines" ADD COLUMN "total_amount" bigint;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "session_id" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "subtotal_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "discount_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "shipping_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "tax_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "refunded_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "promo_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "shipping_address" jsonb;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "checkout_id" uuid;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "payment_provider" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "pending_action" text;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "fraud_score" smallint;--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "fraud_reasons" text[];--> statement-breakpoint
ALTER TABLE "order"."orders" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
-- The demo history was seeded with lower-case statuses and only a total: upper-case them, subtotal = total.
UPDATE "order"."orders" SET "status" = upper("status"), "subtotal_amount" = "total_amount";--> statement-breakpoint
ALTER TABLE "order"."order_status_history" ADD CONSTRAINT "order_status_history_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "order"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkouts_open_idx" ON "order"."checkouts" USING btree ("lease_until") WHERE step not in ('COMPLETED', 'FAILED');--> statement-breakpoint
CREATE INDEX "checkouts_owner_created_idx" ON "order"."checkouts" USING btree ("owner_key","created_at");--> statement-breakpoint
CREATE INDEX "order_status_history_order_idx" ON "order"."order_status_history" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "order"."orders" USING btree ("user_id","placed_at");--> statement-breakpoint
ALTER TABLE "order"."orders" ADD CONSTRAINT "orders_checkout_key" UNIQUE("checkout_id");--> statement-breakpoint
ALTER TABLE "order"."orders" ADD CONSTRAINT "orders_number_key" UNIQUE("number");--> statement-breakpoint
ALTER TABLE "order"."orders" ADD CONSTRAINT "orders_status" CHECK ("order"."orders"."status" in ('PLACED', 'PAID', 'HELD', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'));--> statement-breakpoint
ALTER TABLE "order"."orders" ADD CONSTRAINT "orders_amounts" CHECK ("order"."orders"."total_amount" >= 0 and "order"."orders"."refunded_amount" between 0 and "order"."orders"."total_amount");