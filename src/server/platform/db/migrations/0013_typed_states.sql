-- Typed states (issue 8): every status, channel, role, kind, purpose, method and mode column takes only the values of
-- its list in src/common/states.ts (the schema declares the same CHECK constraints; test/typed-states.test.ts compares
-- the database's with them). Every value the code and the seed ever wrote is in its list, so existing rows pass.
ALTER TABLE "consents" ADD CONSTRAINT "consents_purpose_check" CHECK (purpose IN ('messages'));
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_channel_check" CHECK (channel IN ('sms', 'email', 'push', 'voice'));
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_action_check" CHECK (action IN ('given', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_method_check" CHECK (method IN ('portal', 'staff', 'import', 'sms-stop', 'email-unsubscribe'));
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_channel_check" CHECK (channel IN ('sms', 'email', 'push'));
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_status_check" CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'expired'));
--> statement-breakpoint
ALTER TABLE "dev_outbox" ADD CONSTRAINT "dev_outbox_channel_check" CHECK (channel IN ('sms', 'email', 'push'));
--> statement-breakpoint
ALTER TABLE "email_links" ADD CONSTRAINT "email_links_purpose_check" CHECK (purpose IN ('verify', 'sign-in'));
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_status_check" CHECK (status IN ('active', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_source_check" CHECK (source IN ('portal', 'staff', 'import'));
--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_kind_check" CHECK (kind IN ('access', 'erasure', 'rectification', 'objection', 'portability'));
--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_status_check" CHECK (status IN ('open', 'done'));
--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_channel_check" CHECK (channel IN ('sms', 'email', 'push'));
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_check" CHECK (role IN ('owner', 'admin', 'editor', 'approver', 'agent', 'viewer'));
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_check" CHECK (role IN ('owner', 'admin', 'editor', 'approver', 'agent', 'viewer'));
--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_kind_check" CHECK (kind IN ('message', 'warning', 'test', 'transactional'));
--> statement-breakpoint
ALTER TABLE "network_staff" ADD CONSTRAINT "network_staff_role_check" CHECK (role IN ('owner', 'admin', 'editor', 'approver', 'agent', 'viewer'));
--> statement-breakpoint
ALTER TABLE "networks" ADD CONSTRAINT "networks_kind_check" CHECK (kind IN ('landkreis', 'verbund'));
--> statement-breakpoint
ALTER TABLE "pending_receipts" ADD CONSTRAINT "pending_receipts_status_check" CHECK (status IN ('delivered', 'failed', 'expired'));
--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_channel_check" CHECK (channel IN ('sms', 'email', 'push'));
--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_kind_check" CHECK (kind IN ('dev-outbox', 'smpp', 'sms-http', 'smtp', 'webpush'));
--> statement-breakpoint
ALTER TABLE "resident_imports" ADD CONSTRAINT "resident_imports_status_check" CHECK (status IN ('queued', 'validating', 'writing', 'done', 'failed'));
--> statement-breakpoint
ALTER TABLE "resident_imports" ADD CONSTRAINT "resident_imports_mode_check" CHECK (mode IN ('valid-rows', 'all-or-nothing'));
