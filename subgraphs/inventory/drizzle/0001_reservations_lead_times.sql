CREATE TABLE "inventory"."lead_times" (
	"warehouse_code" text NOT NULL,
	"country" text NOT NULL,
	"min_days" integer NOT NULL,
	"max_days" integer NOT NULL,
	CONSTRAINT "lead_times_warehouse_code_country_pk" PRIMARY KEY("warehouse_code","country"),
	CONSTRAINT "lead_times_country" CHECK ("inventory"."lead_times"."country" ~ '^([A-Z]{2}|[*])$'),
	CONSTRAINT "lead_times_days" CHECK ("inventory"."lead_times"."min_days" >= 0 and "inventory"."lead_times"."max_days" >= "inventory"."lead_times"."min_days" and "inventory"."lead_times"."max_days" <= 365)
);
--> statement-breakpoint
CREATE TABLE "inventory"."reservation_lines" (
	"reservation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_code" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "reservation_lines_reservation_id_product_id_pk" PRIMARY KEY("reservation_id","product_id"),
	CONSTRAINT "reservation_lines_quantity_positive" CHECK ("inventory"."reservation_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'HELD' NOT NULL,
	"country" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "reservations_reference_key" UNIQUE("reference"),
	CONSTRAINT "reservations_status" CHECK ("inventory"."reservations"."status" in ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
	CONSTRAINT "reservations_closed" CHECK (("inventory"."reservations"."status" = 'HELD') = ("inventory"."reservations"."closed_at" is null)),
	CONSTRAINT "reservations_expiry_after_creation" CHECK ("inventory"."reservations"."expires_at" > "inventory"."reservations"."created_at")
);
--> statement-breakpoint
ALTER TABLE "inventory"."lead_times" ADD CONSTRAINT "lead_times_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "inventory"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."reservation_lines" ADD CONSTRAINT "reservation_lines_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "inventory"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."reservation_lines" ADD CONSTRAINT "reservation_lines_stock_fk" FOREIGN KEY ("product_id","warehouse_code") REFERENCES "inventory"."stock"("product_id","warehouse_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservations_held_expiry_idx" ON "inventory"."reservations" USING btree ("expires_at") WHERE status = 'HELD';