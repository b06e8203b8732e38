-- Events and invitations (issue 12): events with time zone, recurrence, place and capacity; RSVPs with the waitlist.
CREATE TABLE "events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"uid" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"rrule" text,
	"place_name" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"organiser_kind" text DEFAULT 'municipality' NOT NULL,
	"organiser_name" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"rsvp_enabled" boolean DEFAULT true NOT NULL,
	"listed" boolean DEFAULT true NOT NULL,
	"reminder_hours" integer DEFAULT 24,
	"reminded_for" timestamp with time zone,
	"image_data" bytea,
	"image_type" text,
	"invitation_id" uuid,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_status_check" CHECK (status IN ('draft', 'published', 'cancelled')),
	CONSTRAINT "events_organiser_kind_check" CHECK (organiser_kind IN ('municipality', 'club'))
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON events USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "events_uid_uq" ON "events" USING btree ("uid");
--> statement-breakpoint
CREATE INDEX "events_listed_idx" ON "events" USING btree ("tenant_id","status","starts_at");
--> statement-breakpoint
CREATE INDEX "events_reminder_idx" ON "events" USING btree ("starts_at") WHERE status = 'published' and reminder_hours is not null;
--> statement-breakpoint
CREATE TABLE "event_rsvps" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"persons" integer DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'none' NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_persons" integer,
	"reminded_for" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_rsvps_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "event_rsvps_answer_check" CHECK (answer IN ('yes', 'no', 'maybe')),
	CONSTRAINT "event_rsvps_state_check" CHECK (state IN ('confirmed', 'waitlisted', 'none'))
);
--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE event_rsvps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON event_rsvps USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "event_rsvps_resident_uq" ON "event_rsvps" USING btree ("tenant_id","event_id","resident_id");
--> statement-breakpoint
CREATE INDEX "event_rsvps_waitlist_idx" ON "event_rsvps" USING btree ("tenant_id","event_id","answered_at") WHERE state = 'waitlisted';
--> statement-breakpoint
CREATE INDEX "event_rsvps_resident_idx" ON "event_rsvps" USING btree ("tenant_id","resident_id");
