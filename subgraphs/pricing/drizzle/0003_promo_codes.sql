CREATE TABLE "pricing"."promo_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"percent_off" integer,
	"amount_off" bigint,
	"min_spend" bigint DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_user" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"brands" text[] DEFAULT '{}'::text[] NOT NULL,
	"stackable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promo_codes_code" CHECK ("pricing"."promo_codes"."code" ~ '^[A-Z0-9_-]{3,32}$'),
	CONSTRAINT "promo_codes_kind" CHECK (("pricing"."promo_codes"."kind" = 'PERCENT' and "pricing"."promo_codes"."percent_off" between 1 and 100 and "pricing"."promo_codes"."amount_off" is null)
      or ("pricing"."promo_codes"."kind" = 'FIXED' and "pricing"."promo_codes"."amount_off" > 0 and "pricing"."promo_codes"."percent_off" is null)),
	CONSTRAINT "promo_codes_min_spend" CHECK ("pricing"."promo_codes"."min_spend" >= 0),
	CONSTRAINT "promo_codes_window" CHECK ("pricing"."promo_codes"."ends_at" is null or "pricing"."promo_codes"."ends_at" > "pricing"."promo_codes"."starts_at"),
	CONSTRAINT "promo_codes_limits" CHECK (("pricing"."promo_codes"."max_uses" is null or "pricing"."promo_codes"."max_uses" > 0) and ("pricing"."promo_codes"."max_uses_per_user" is null or "pricing"."promo_codes"."max_uses_per_user" > 0)),
	CONSTRAINT "promo_codes_uses" CHECK ("pricing"."promo_codes"."uses" >= 0 and ("pricing"."promo_codes"."max_uses" is null or "pricing"."promo_codes"."uses" <= "pricing"."promo_codes"."max_uses"))
);
--> statement-breakpoint
CREATE TABLE "pricing"."promo_redemptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"reference" text NOT NULL,
	"user_id" uuid,
	"redeemed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promo_redemptions_code_reference_key" UNIQUE("code","reference")
);
--> statement-breakpoint
ALTER TABLE "pricing"."promo_redemptions" ADD CONSTRAINT "promo_redemptions_code_promo_codes_code_fk" FOREIGN KEY ("code") REFERENCES "pricing"."promo_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promo_redemptions_code_user_idx" ON "pricing"."promo_redemptions" USING btree ("code","user_id");