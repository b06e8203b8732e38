-- Messages issue, staff side: a staff message is a campaign (workflow, audience, channels), its versions per
-- language and channel, the residents a send reached (a correction goes to the same people), templates of a
-- municipality or shared by a network, the engine messages' link back to the campaign, and the municipality's
-- message settings (languages, approval policy, SMS part limit).
CREATE TABLE "campaigns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"topic" text,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"translations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"author_id" uuid,
	"author_name" text,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"rejection_reason" text,
	"scheduled_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"correction_of" uuid,
	"origin_network_id" uuid,
	"estimated_recipients" integer,
	"estimated_cost_cents" integer,
	"recipients" integer,
	"delivery_message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "campaigns_status_check" CHECK (status IN ('draft', 'in_review', 'approved', 'scheduled', 'sending', 'sent', 'cancelled', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "campaigns_list_idx" ON "campaigns" USING btree ("tenant_id","created_at");
--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("tenant_id","status","sent_at");
--> statement-breakpoint
CREATE TABLE "campaign_versions" (
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"subject" text,
	"text" text NOT NULL,
	"html" text,
	"edited" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_versions_tenant_id_campaign_id_language_channel_pk" PRIMARY KEY("tenant_id","campaign_id","language","channel"),
	CONSTRAINT "campaign_versions_language_check" CHECK (language IN ('de', 'en', 'uk', 'tr', 'ar', 'de-x-ls')),
	CONSTRAINT "campaign_versions_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'portal'))
);
--> statement-breakpoint
ALTER TABLE "campaign_versions" ADD CONSTRAINT "campaign_versions_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"language" text NOT NULL,
	CONSTRAINT "campaign_recipients_tenant_id_campaign_id_resident_id_pk" PRIMARY KEY("tenant_id","campaign_id","resident_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "campaign_recipients_resident_idx" ON "campaign_recipients" USING btree ("tenant_id","resident_id");
--> statement-breakpoint
CREATE TABLE "campaign_attachments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" bytea NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_attachments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "campaign_attachments" ADD CONSTRAINT "campaign_attachments_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "campaign_attachments_campaign_idx" ON "campaign_attachments" USING btree ("tenant_id","campaign_id");
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"network_id" uuid,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"topic" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "message_templates_tenant_idx" ON "message_templates" USING btree ("tenant_id");
--> statement-breakpoint
CREATE INDEX "message_templates_network_idx" ON "message_templates" USING btree ("network_id");
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "campaign_id" uuid;
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "language" text;
--> statement-breakpoint
CREATE INDEX "messages_campaign_idx" ON "messages" USING btree ("tenant_id","campaign_id") WHERE campaign_id is not null;
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "languages" jsonb DEFAULT '["de"]'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "approval_policy" jsonb DEFAULT '{"mode": "none"}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "sms_max_parts" integer DEFAULT 3 NOT NULL;
--> statement-breakpoint
-- tenant-owned: behind the tenant wall
ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON campaigns USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE campaign_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON campaign_versions USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE campaign_recipients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON campaign_recipients USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON campaigns TO civicast_app;
--> statement-breakpoint
-- a campaign is cancelled, never deleted by the application: the audit log points at it
REVOKE DELETE ON campaigns FROM civicast_app;
--> statement-breakpoint
ALTER TABLE campaign_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON campaign_attachments USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON campaign_versions, campaign_recipients, campaign_attachments TO civicast_app;
--> statement-breakpoint
-- templates: a municipality reads its own and those of the networks it belongs to, and writes only its own
ALTER TABLE message_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_read ON message_templates FOR SELECT USING (tenant_id = civicast_current_tenant() OR (tenant_id IS NULL AND network_id IN (SELECT network_id FROM network_tenants WHERE tenant_id = civicast_current_tenant())));
--> statement-breakpoint
CREATE POLICY tenant_insert ON message_templates FOR INSERT WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE POLICY tenant_update ON message_templates FOR UPDATE USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE POLICY tenant_delete ON message_templates FOR DELETE USING (tenant_id = civicast_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON message_templates TO civicast_app;
