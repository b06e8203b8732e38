-- Import runs and scanned consent forms are tenant-owned: behind the tenant wall like the rest of the resident data.
ALTER TABLE resident_imports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON resident_imports USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE consent_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON consent_attachments USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- a consent proof is evidence: the application may add and read scans, never change them
REVOKE UPDATE ON consent_attachments FROM civicast_app;
