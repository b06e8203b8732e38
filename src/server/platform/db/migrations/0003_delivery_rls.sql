-- Row-level security for the delivery tables. Providers: a tenant sees its own and the installation defaults
-- (tenant_id null) but may only write its own.
ALTER TABLE providers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_read ON providers FOR SELECT USING (tenant_id IS NULL OR tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE POLICY tenant_insert ON providers FOR INSERT WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE POLICY tenant_update ON providers FOR UPDATE USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE POLICY tenant_delete ON providers FOR DELETE USING (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON messages USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON deliveries USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE push_subscriptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON push_subscriptions USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
ALTER TABLE inbound_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON inbound_messages USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- the application never reads installation secrets or suppressions through a tenant transaction
REVOKE ALL ON installation_settings FROM civicast_app;
--> statement-breakpoint
ALTER TABLE email_unsubscribes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON email_unsubscribes USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- Until real providers are configured, every channel goes to the dev outbox (installation defaults).
INSERT INTO providers (id, tenant_id, channel, kind, name) VALUES
  ('00000000-0000-4000-8000-000000000001', NULL, 'sms', 'dev-outbox', 'Postausgang (Entwicklung) – SMS'),
  ('00000000-0000-4000-8000-000000000002', NULL, 'email', 'dev-outbox', 'Postausgang (Entwicklung) – E-Mail'),
  ('00000000-0000-4000-8000-000000000003', NULL, 'push', 'dev-outbox', 'Postausgang (Entwicklung) – Push');
