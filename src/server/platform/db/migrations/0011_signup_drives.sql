-- Sign-up stations ("Anmeldestation"): a staff-issued link that lifts the per-address code limit on one device for a day.
CREATE TABLE "signup_stations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"codes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "signup_stations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "signup_stations" ADD CONSTRAINT "signup_stations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "signup_stations_token_uq" ON "signup_stations" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "signup_stations_created_idx" ON "signup_stations" USING btree ("tenant_id","created_at");
--> statement-breakpoint
-- tenant-owned: behind the tenant wall like the rest of the resident data
ALTER TABLE signup_stations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON signup_stations USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON signup_stations TO civicast_app;
--> statement-breakpoint
-- a station is revoked or expires, never deleted by the application: the audit log points at it
REVOKE DELETE ON signup_stations FROM civicast_app;
