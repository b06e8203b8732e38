-- Residents are installation-wide (one person, several tenants); tenant-owned resident data sits behind RLS.
ALTER TABLE follows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON follows USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE topics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON topics USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE consent_texts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON consent_texts USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON consents USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- the consent ledger is append-only for the application (erasure pseudonymises through the owner connection)
REVOKE UPDATE, DELETE ON consents FROM civicast_app;
--> statement-breakpoint
ALTER TABLE streets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON streets USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE areas ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON areas USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE gdpr_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON gdpr_requests USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- default topics for every existing tenant (new tenants get them on creation)
INSERT INTO topics (tenant_id, key, name_de, name_en, mandatory, position)
SELECT t.id, d.key, d.name_de, d.name_en, d.mandatory, d.position
  FROM tenants t CROSS JOIN (VALUES
    ('rathaus', 'Rathaus', 'Town hall', false, 1),
    ('verkehr', 'Verkehr', 'Traffic', false, 2),
    ('abfall', 'Abfall', 'Waste', false, 3),
    ('veranstaltungen', 'Veranstaltungen', 'Events', false, 4),
    ('baustellen', 'Baustellen', 'Roadworks', false, 5),
    ('warnungen', 'Warnungen', 'Warnings', true, 6)
  ) AS d(key, name_de, name_en, mandatory, position)
ON CONFLICT DO NOTHING;
