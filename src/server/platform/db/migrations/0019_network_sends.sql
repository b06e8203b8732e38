-- Networks (Landkreis, Verbund): a network writes its own templates (message_templates rows with tenant_id NULL and its
-- network_id) and keeps a record of what it sent to its members. Both sit behind a network wall: a transaction as
-- civicast_app with app.network_id set (networks module) sees and writes only that network's rows; tenant
-- transactions keep their own policies (members read their networks' templates, migration 0015).
CREATE OR REPLACE FUNCTION civicast_current_network() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.network_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE POLICY network_wall ON message_templates USING (tenant_id IS NULL AND network_id = civicast_current_network()) WITH CHECK (tenant_id IS NULL AND network_id = civicast_current_network());
--> statement-breakpoint
CREATE TABLE "network_sends" (
	"network_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"created_by" uuid,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_sends_network_id_id_pk" PRIMARY KEY("network_id","id"),
	CONSTRAINT "network_sends_kind_check" CHECK (kind IN ('message', 'warning'))
);
--> statement-breakpoint
ALTER TABLE "network_sends" ADD CONSTRAINT "network_sends_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE network_sends ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY network_wall ON network_sends USING (network_id = civicast_current_network()) WITH CHECK (network_id = civicast_current_network());
--> statement-breakpoint
GRANT SELECT, INSERT ON network_sends TO civicast_app;
--> statement-breakpoint
-- a record of what was sent: never changed or deleted by the application
REVOKE UPDATE, DELETE ON network_sends FROM civicast_app;
