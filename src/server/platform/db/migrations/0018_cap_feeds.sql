-- CAP in (issue 9): external CAP feeds a municipality subscribes to, with their rules, and every alert read from them
-- (relayed, proposed, dropped with a reason, or dismissed). One alert per (sender, identifier): duplicates drop.
CREATE TABLE "cap_feeds" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"min_severity" text DEFAULT 'minor' NOT NULL,
	"event_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"require_area_intersection" boolean DEFAULT true NOT NULL,
	"interval_minutes" integer DEFAULT 5 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_polled_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cap_feeds_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cap_feeds_kind_check" CHECK (kind IN ('atom', 'rss', 'cap')),
	CONSTRAINT "cap_feeds_mode_check" CHECK (mode IN ('relay', 'propose')),
	CONSTRAINT "cap_feeds_min_severity_check" CHECK (min_severity IN ('minor', 'moderate', 'severe', 'extreme'))
);
--> statement-breakpoint
CREATE TABLE "cap_feed_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"feed_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"sent" text NOT NULL,
	"msg_type" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"warning_id" uuid,
	"event" text DEFAULT '' NOT NULL,
	"severity" text,
	"headline" text DEFAULT '' NOT NULL,
	"alert" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw" text DEFAULT '' NOT NULL,
	"source_url" text,
	"entry_updated" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cap_feed_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cap_feed_items_msg_type_check" CHECK (msg_type IN ('alert', 'update', 'cancel', 'ack', 'error')),
	CONSTRAINT "cap_feed_items_state_check" CHECK (state IN ('relayed', 'proposed', 'dropped', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "cap_feeds" ADD CONSTRAINT "cap_feeds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cap_feed_items" ADD CONSTRAINT "cap_feed_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cap_feed_items" ADD CONSTRAINT "cap_feed_items_feed_fk" FOREIGN KEY ("tenant_id","feed_id") REFERENCES "public"."cap_feeds"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "cap_feed_items_identifier_uq" ON "cap_feed_items" USING btree ("tenant_id","sender","identifier");
--> statement-breakpoint
CREATE INDEX "cap_feed_items_feed_idx" ON "cap_feed_items" USING btree ("tenant_id","feed_id","created_at");
--> statement-breakpoint
CREATE INDEX "cap_feed_items_source_idx" ON "cap_feed_items" USING btree ("tenant_id","feed_id","source_url") WHERE source_url is not null;
--> statement-breakpoint
-- tenant-owned: behind the tenant wall
ALTER TABLE cap_feeds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON cap_feeds USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE cap_feed_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON cap_feed_items USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON cap_feeds TO civicast_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON cap_feed_items TO civicast_app;
