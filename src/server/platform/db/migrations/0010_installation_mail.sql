-- One mail path (issue 8). Mails that belong to no municipality (password resets) are sent by a reserved
-- installation tenant: its rows live behind the same tenant wall as every other tenant's, no staff membership
-- reaches it, and its slug cannot be chosen by a customer (slugs are [a-z0-9-]).
INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-4000-8000-000000000000', '_installation', 'Civicast') ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- installation rows of the dev outbox (password resets, with live links) were visible to the owner of any tenant:
-- they are dropped rather than moved, like every older row that may hold a code or a link in clear text
DELETE FROM dev_outbox WHERE tenant_id IS NULL OR body_text ~ 'token=' OR body_text ~ '(^|[^0-9])[0-9]{6}([^0-9]|$)';
--> statement-breakpoint
ALTER TABLE dev_outbox ALTER COLUMN tenant_id SET NOT NULL;
--> statement-breakpoint
UPDATE messages SET text = regexp_replace(text, 'token=[A-Za-z0-9_-]+', 'token=••••', 'g') WHERE text ~ 'token=';
--> statement-breakpoint
-- what only the channel adapter may read (the text with its code or link), AES-GCM with the installation key;
-- text/subject/html keep the masked version every staff view shows
ALTER TABLE messages ADD COLUMN sealed text;
--> statement-breakpoint
ALTER TABLE dev_outbox ADD COLUMN sealed text;
--> statement-breakpoint
-- the installation operator: a role above tenants (installation mails, creating municipalities)
ALTER TABLE staff_users ADD COLUMN is_operator boolean DEFAULT false NOT NULL;
