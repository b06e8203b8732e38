-- The inbox (issue 10): conversations with their entries, attachments, routing rules, canned responses and staff
-- notifications; business hours and deadlines on tenants and departments; availability for round-robin on
-- memberships; inbound messages gain the portal channel and a link to their conversation (unthreaded rows are the
-- inbox's work queue, so what was stored before this migration is threaded by the same worker).
CREATE TABLE "conversations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contact_kind" text NOT NULL,
	"resident_id" uuid,
	"contact_hash" text,
	"contact_enc" text,
	"contact_name_enc" text,
	"channel" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"language" text,
	"topic" text,
	"answers_message_id" uuid,
	"department_id" uuid,
	"assignee_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"inbound_count" integer DEFAULT 0 NOT NULL,
	"first_inbound_at" timestamp with time zone NOT NULL,
	"last_inbound_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"first_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"merged_into" uuid,
	"search" tsvector,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "conversations_contact_kind_check" CHECK (contact_kind IN ('resident', 'phone', 'email')),
	CONSTRAINT "conversations_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'portal')),
	CONSTRAINT "conversations_status_check" CHECK (status IN ('open', 'waiting', 'resolved', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "conversations_due_idx" ON "conversations" USING btree ("tenant_id","department_id","next_due_at") WHERE status in ('open', 'waiting');
--> statement-breakpoint
CREATE INDEX "conversations_open_due_idx" ON "conversations" USING btree ("tenant_id","next_due_at") WHERE status in ('open', 'waiting');
--> statement-breakpoint
CREATE INDEX "conversations_first_inbound_idx" ON "conversations" USING btree ("tenant_id","first_inbound_at");
--> statement-breakpoint
CREATE INDEX "conversations_resolved_idx" ON "conversations" USING btree ("tenant_id",coalesce("resolved_at", "updated_at")) WHERE status in ('resolved', 'closed');
--> statement-breakpoint
CREATE INDEX "conversations_assignee_idx" ON "conversations" USING btree ("tenant_id","assignee_id","next_due_at") WHERE status in ('open', 'waiting');
--> statement-breakpoint
CREATE INDEX "conversations_activity_idx" ON "conversations" USING btree ("tenant_id","last_activity_at");
--> statement-breakpoint
CREATE INDEX "conversations_contact_idx" ON "conversations" USING btree ("tenant_id","contact_hash") WHERE status in ('open', 'waiting');
--> statement-breakpoint
CREATE INDEX "conversations_resident_idx" ON "conversations" USING btree ("tenant_id","resident_id");
--> statement-breakpoint
CREATE INDEX "conversations_search_idx" ON "conversations" USING gin ("search");
--> statement-breakpoint
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON conversations USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE TABLE "conversation_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text,
	"author_id" uuid,
	"inbound_message_id" uuid,
	"sent_message_id" uuid,
	"subject" text,
	"body" text DEFAULT '' NOT NULL,
	"html" text,
	"email_message_id" text,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"event" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "conversation_items_kind_check" CHECK (kind IN ('inbound', 'reply', 'note', 'event')),
	CONSTRAINT "conversation_items_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'portal'))
);
--> statement-breakpoint
ALTER TABLE "conversation_items" ADD CONSTRAINT "conversation_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "conversation_items_conversation_idx" ON "conversation_items" USING btree ("tenant_id","conversation_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_items_inbound_uq" ON "conversation_items" USING btree ("tenant_id","inbound_message_id");
--> statement-breakpoint
CREATE INDEX "conversation_items_email_idx" ON "conversation_items" USING btree ("tenant_id","email_message_id") WHERE email_message_id is not null;
--> statement-breakpoint
CREATE INDEX "conversation_items_sent_idx" ON "conversation_items" USING btree ("tenant_id","sent_message_id") WHERE sent_message_id is not null;
--> statement-breakpoint
ALTER TABLE conversation_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON conversation_items USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE TABLE "conversation_attachments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid,
	"item_id" uuid,
	"inbound_message_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" bytea NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_attachments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "conversation_attachments" ADD CONSTRAINT "conversation_attachments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "conversation_attachments_item_idx" ON "conversation_attachments" USING btree ("tenant_id","item_id");
--> statement-breakpoint
CREATE INDEX "conversation_attachments_inbound_idx" ON "conversation_attachments" USING btree ("inbound_message_id") WHERE inbound_message_id is not null;
--> statement-breakpoint
ALTER TABLE conversation_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON conversation_attachments USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE TABLE "inbox_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"position" integer NOT NULL,
	"channel" text,
	"keyword" text,
	"topic" text,
	"language" text,
	"department_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "inbox_rules_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'portal'))
);
--> statement-breakpoint
ALTER TABLE "inbox_rules" ADD CONSTRAINT "inbox_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "inbox_rules_position_idx" ON "inbox_rules" USING btree ("tenant_id","position");
--> statement-breakpoint
ALTER TABLE inbox_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON inbox_rules USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE TABLE "canned_responses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_responses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_title_uq" ON "canned_responses" USING btree ("tenant_id","title");
--> statement-breakpoint
ALTER TABLE canned_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON canned_responses USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" uuid,
	"text" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "staff_notifications_kind_check" CHECK (kind IN ('mention', 'reminder', 'escalation', 'assigned'))
);
--> statement-breakpoint
ALTER TABLE "staff_notifications" ADD CONSTRAINT "staff_notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "staff_notifications_user_idx" ON "staff_notifications" USING btree ("tenant_id","user_id","created_at");
--> statement-breakpoint
ALTER TABLE staff_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON staff_notifications USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "opening_hours" jsonb;
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "first_response_hours" integer;
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "resolution_hours" integer;
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "lead_user_id" uuid;
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "assignment" text DEFAULT 'round-robin' NOT NULL;
--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_assignment_check" CHECK (assignment IN ('round-robin', 'claim'));
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "available" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "last_assigned_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "federal_state" text DEFAULT 'NW' NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_federal_state_check" CHECK (federal_state IN ('BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'));
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "inbox_settings" jsonb DEFAULT '{"openingHours":{"0":[],"1":[["08:00","16:00"]],"2":[["08:00","16:00"]],"3":[["08:00","18:00"]],"4":[["08:00","16:00"]],"5":[["08:00","12:00"]],"6":[]},"firstResponseHours":8,"resolutionHours":40,"reminderMinutes":60,"retentionDays":730}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "conversation_id" uuid;
--> statement-breakpoint
ALTER TABLE "inbound_messages" DROP CONSTRAINT "inbound_messages_channel_check";
--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'portal'));
--> statement-breakpoint
-- a provider retrying its webhook must not store a message twice: its own message id is the key
CREATE UNIQUE INDEX "inbound_messages_provider_message_uq" ON "inbound_messages" USING btree ("provider_id", (raw->>'providerMessageId')) WHERE raw ? 'providerMessageId';
--> statement-breakpoint
CREATE INDEX "inbound_messages_unthreaded_idx" ON "inbound_messages" USING btree ("created_at") WHERE conversation_id is null and tenant_id is not null;
--> statement-breakpoint
ALTER TABLE "consents" DROP CONSTRAINT "consents_method_check";
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_method_check" CHECK (method IN ('portal', 'staff', 'import', 'sms-stop', 'sms-start', 'email-unsubscribe'));
--> statement-breakpoint
-- a municipality's own mailbox, read by IMAP polling (receives only; the engine never sends through it)
ALTER TABLE "providers" DROP CONSTRAINT "providers_kind_check";
--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_kind_check" CHECK (kind IN ('dev-outbox', 'smpp', 'sms-http', 'smtp', 'webpush', 'email-imap'));
--> statement-breakpoint
-- Full-text search under row-level security: `@@` is not leakproof, so the planner must apply the tenant wall first and
-- cannot use the GIN index on `search` (seconds at a million conversations). This function runs as the table owner
-- and applies the same wall itself (the current tenant only), so the index answers the search.
CREATE OR REPLACE FUNCTION civicast_conversation_search(q text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id FROM conversations WHERE tenant_id = civicast_current_tenant() AND search @@ websearch_to_tsquery('german', q) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION civicast_conversation_search(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION civicast_conversation_search(text) TO civicast_app;
