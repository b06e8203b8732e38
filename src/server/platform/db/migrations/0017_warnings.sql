-- Warnings (issue 9): one row per CAP message of a warning chain (alert, updates, all-clear, cancel), and the
-- residents the original reached, so that every later version reaches the same people.
CREATE TABLE "warnings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"chain_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"cap_identifier" text NOT NULL,
	"sender" text NOT NULL,
	"status" text NOT NULL,
	"msg_type" text NOT NULL,
	"references" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"all_clear" boolean DEFAULT false NOT NULL,
	"severity" text NOT NULL,
	"urgency" text NOT NULL,
	"certainty" text NOT NULL,
	"event" text NOT NULL,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"instruction" text,
	"area_kind" text NOT NULL,
	"street_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"polygon" jsonb,
	"area_desc" text NOT NULL,
	"onset" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"languages" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_feed_id" uuid,
	"source_cap_identifier" text,
	"source_cap_sender" text,
	"origin_network_id" uuid,
	"message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warnings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "warnings_status_check" CHECK (status IN ('actual', 'exercise', 'test')),
	CONSTRAINT "warnings_msg_type_check" CHECK (msg_type IN ('alert', 'update', 'cancel')),
	CONSTRAINT "warnings_severity_check" CHECK (severity IN ('minor', 'moderate', 'severe', 'extreme')),
	CONSTRAINT "warnings_urgency_check" CHECK (urgency IN ('immediate', 'expected', 'future', 'past', 'unknown')),
	CONSTRAINT "warnings_certainty_check" CHECK (certainty IN ('observed', 'likely', 'possible', 'unlikely', 'unknown')),
	CONSTRAINT "warnings_area_kind_check" CHECK (area_kind IN ('tenant', 'streets', 'polygon'))
);
--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_chain_version_uq" ON "warnings" USING btree ("tenant_id","chain_id","version");
--> statement-breakpoint
CREATE INDEX "warnings_sent_idx" ON "warnings" USING btree ("tenant_id","sent_at");
--> statement-breakpoint
CREATE INDEX "warnings_source_idx" ON "warnings" USING btree ("tenant_id","source_feed_id","source_cap_identifier") WHERE source_feed_id is not null;
--> statement-breakpoint
CREATE TABLE "warning_recipients" (
	"tenant_id" uuid NOT NULL,
	"chain_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	CONSTRAINT "warning_recipients_tenant_id_chain_id_resident_id_pk" PRIMARY KEY("tenant_id","chain_id","resident_id")
);
--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE warnings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON warnings USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE warning_recipients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON warning_recipients USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- a warning version is a sent CAP message: written once, later versions are new rows (message ids added after the send)
GRANT SELECT, INSERT, UPDATE ON warnings TO civicast_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON warning_recipients TO civicast_app;
