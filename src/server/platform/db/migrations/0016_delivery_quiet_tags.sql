-- Messages issue, delivery side: who a delivery went to (for follow-ups and the resident's history; erasure clears it),
-- deliveries held for the resident's quiet hours, tags on follows (e.g. "Seniorenbeirat"), and the tenant's warning
-- policy (warnings ignore quiet hours and topic preferences unless the municipality says otherwise).
ALTER TABLE "deliveries" ADD COLUMN "resident_id" uuid;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "held_until" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "deliveries_resident_idx" ON "deliveries" USING btree ("tenant_id","resident_id") WHERE resident_id is not null;
--> statement-breakpoint
-- the sweeper's look for held batches whose quiet hours are over reads only the rows still held
CREATE INDEX "deliveries_held_idx" ON "deliveries" USING btree ("held_until") WHERE held_until is not null and status = 'queued';
--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "warning_policy" jsonb DEFAULT '{"ignoreQuietHours": true, "ignoreTopics": true}'::jsonb NOT NULL;
