-- Reports (issue 11): categories (also the Open311 service definitions), reports with a map point and deadlines,
-- their photos, history and followers, Open311 integrator keys; the municipality's report settings; staff
-- notifications about reports. The public report number comes from one sequence (Open311 service_request_id).
CREATE SEQUENCE "report_number_seq" START WITH 1001;
--> statement-breakpoint
CREATE TABLE "report_categories" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"department_id" uuid,
	"resolution_hours" integer DEFAULT 40 NOT NULL,
	"first_response_hours" integer,
	"auto_reply" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"forward_url" text,
	"forward_service_code" text,
	"forward_jurisdiction_id" text,
	"forward_api_key_enc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "report_categories" ADD CONSTRAINT "report_categories_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE report_categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON report_categories USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "report_categories_code_uq" ON "report_categories" USING btree ("tenant_id","code");
--> statement-breakpoint
CREATE TABLE "reports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint DEFAULT nextval('report_number_seq') NOT NULL,
	"category_id" uuid NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"description" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"street_id" uuid,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"contact_kind" text NOT NULL,
	"resident_id" uuid,
	"contact_hash" text,
	"contact_enc" text,
	"contact_name_enc" text,
	"language" text DEFAULT 'de' NOT NULL,
	"api_key_id" uuid,
	"token" text,
	"conversation_id" uuid,
	"department_id" uuid,
	"assignee_id" uuid,
	"duplicate_of" uuid,
	"reject_reason" text,
	"first_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"expected_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"forward_state" text,
	"forward_remote_id" text,
	"forward_token" text,
	"forward_attempts" integer DEFAULT 0 NOT NULL,
	"forward_next_at" timestamp with time zone,
	"forward_error" text,
	"forward_polled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "reports_status_check" CHECK (status IN ('received', 'confirmed', 'in_progress', 'resolved', 'rejected', 'duplicate')),
	CONSTRAINT "reports_source_check" CHECK (source IN ('portal', 'open311', 'staff', 'inbox')),
	CONSTRAINT "reports_contact_kind_check" CHECK (contact_kind IN ('resident', 'phone', 'email', 'anonymous')),
	CONSTRAINT "reports_forward_state_check" CHECK (forward_state IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON reports USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_number_uq" ON "reports" USING btree ("number");
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_token_uq" ON "reports" USING btree ("token") WHERE token is not null;
--> statement-breakpoint
CREATE INDEX "reports_map_idx" ON "reports" USING btree ("tenant_id","status","lat","lng");
--> statement-breakpoint
CREATE INDEX "reports_created_idx" ON "reports" USING btree ("tenant_id","created_at");
--> statement-breakpoint
CREATE INDEX "reports_updated_idx" ON "reports" USING btree ("tenant_id","updated_at");
--> statement-breakpoint
CREATE INDEX "reports_due_idx" ON "reports" USING btree ("tenant_id","next_due_at") WHERE status in ('received', 'confirmed', 'in_progress');
--> statement-breakpoint
CREATE INDEX "reports_assignee_idx" ON "reports" USING btree ("tenant_id","assignee_id","next_due_at") WHERE status in ('received', 'confirmed', 'in_progress');
--> statement-breakpoint
CREATE INDEX "reports_nearby_idx" ON "reports" USING btree ("tenant_id","category_id","lat") WHERE status in ('received', 'confirmed', 'in_progress');
--> statement-breakpoint
CREATE INDEX "reports_resident_idx" ON "reports" USING btree ("tenant_id","resident_id") WHERE resident_id is not null;
--> statement-breakpoint
CREATE INDEX "reports_contact_idx" ON "reports" USING btree ("tenant_id","contact_hash") WHERE contact_hash is not null;
--> statement-breakpoint
CREATE INDEX "reports_forward_idx" ON "reports" USING btree ("forward_next_at") WHERE forward_state = 'pending';
--> statement-breakpoint
CREATE INDEX "reports_forward_poll_idx" ON "reports" USING btree ("forward_polled_at") WHERE forward_state = 'sent' and status in ('received', 'confirmed', 'in_progress');
--> statement-breakpoint
CREATE TABLE "report_photos" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size" integer NOT NULL,
	"data" bytea NOT NULL,
	"thumb" bytea NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_photos_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "report_photos_status_check" CHECK (status IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "report_photos" ADD CONSTRAINT "report_photos_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE report_photos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON report_photos USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "report_photos_report_idx" ON "report_photos" USING btree ("tenant_id","report_id","position");
--> statement-breakpoint
CREATE TABLE "report_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"author_id" uuid,
	"body" text DEFAULT '' NOT NULL,
	"event" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "report_items_kind_check" CHECK (kind IN ('internal', 'public', 'event'))
);
--> statement-breakpoint
ALTER TABLE "report_items" ADD CONSTRAINT "report_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE report_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON report_items USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "report_items_report_idx" ON "report_items" USING btree ("tenant_id","report_id","created_at");
--> statement-breakpoint
CREATE TABLE "report_followers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"contact_kind" text NOT NULL,
	"resident_id" uuid,
	"contact_hash" text,
	"contact_enc" text,
	"language" text DEFAULT 'de' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_followers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "report_followers_contact_kind_check" CHECK (contact_kind IN ('resident', 'phone', 'email', 'anonymous'))
);
--> statement-breakpoint
ALTER TABLE "report_followers" ADD CONSTRAINT "report_followers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE report_followers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON report_followers USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "report_followers_uq" ON "report_followers" USING btree ("tenant_id","report_id",coalesce("resident_id"::text, "contact_hash"));
--> statement-breakpoint
CREATE INDEX "report_followers_resident_idx" ON "report_followers" USING btree ("tenant_id","resident_id") WHERE resident_id is not null;
--> statement-breakpoint
CREATE TABLE "open311_keys" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "open311_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "open311_keys" ADD CONSTRAINT "open311_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE open311_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON open311_keys USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "open311_keys_hash_uq" ON "open311_keys" USING btree ("key_hash");
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "reports_settings" jsonb DEFAULT '{"duplicateRadiusM":50,"reopenDays":14,"publicMap":true}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "staff_notifications" ADD COLUMN "report_id" uuid;
