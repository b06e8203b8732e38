-- The application runs its queries as civicast_app, a role that owns nothing, so row-level security applies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'civicast_app') THEN
    CREATE ROLE civicast_app NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT civicast_app TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- superusers need no grant; a role without the right to grant keeps working as before
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION civicast_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO civicast_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO civicast_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO civicast_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO civicast_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO civicast_app;
--> statement-breakpoint
-- the audit log is append-only for the application
REVOKE UPDATE, DELETE ON audit_log FROM civicast_app;
--> statement-breakpoint
ALTER TABLE departments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON departments USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON memberships USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON invitations USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON audit_log USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE dev_outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON dev_outbox USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
