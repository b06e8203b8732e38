-- The waste collection calendar (issue 12): types, districts, schedules, the collection dates they expand to, and
-- residents' reminders.
CREATE TABLE "waste_types" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT '#666666' NOT NULL,
	"on_request" boolean DEFAULT false NOT NULL,
	"info" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "waste_types_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "waste_types" ADD CONSTRAINT "waste_types_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_types ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_types USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "waste_types_code_uq" ON "waste_types" USING btree ("tenant_id","code");
--> statement-breakpoint
CREATE TABLE "waste_districts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waste_districts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "waste_districts" ADD CONSTRAINT "waste_districts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_districts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_districts USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE UNIQUE INDEX "waste_districts_name_uq" ON "waste_districts" USING btree ("tenant_id","name");
--> statement-breakpoint
CREATE TABLE "waste_district_streets" (
	"tenant_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"street_id" uuid NOT NULL,
	CONSTRAINT "waste_district_streets_tenant_id_street_id_pk" PRIMARY KEY("tenant_id","street_id")
);
--> statement-breakpoint
ALTER TABLE "waste_district_streets" ADD CONSTRAINT "waste_district_streets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_district_streets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_district_streets USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "waste_district_streets_district_idx" ON "waste_district_streets" USING btree ("tenant_id","district_id");
--> statement-breakpoint
CREATE TABLE "waste_schedules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type_id" uuid NOT NULL,
	"district_id" uuid,
	"street_id" uuid,
	"rrule" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"holiday_shift" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waste_schedules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "waste_schedules" ADD CONSTRAINT "waste_schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_schedules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_schedules USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "waste_schedules_type_idx" ON "waste_schedules" USING btree ("tenant_id","type_id");
--> statement-breakpoint
CREATE TABLE "waste_dates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type_id" uuid NOT NULL,
	"district_id" uuid,
	"street_id" uuid,
	"schedule_id" uuid,
	"day" date NOT NULL,
	"shifted_from" date,
	"source" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "waste_dates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "waste_dates_source_check" CHECK (source IN ('rule', 'manual', 'import'))
);
--> statement-breakpoint
ALTER TABLE "waste_dates" ADD CONSTRAINT "waste_dates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_dates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_dates USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "waste_dates_district_day_idx" ON "waste_dates" USING btree ("tenant_id","district_id","day");
--> statement-breakpoint
CREATE INDEX "waste_dates_street_day_idx" ON "waste_dates" USING btree ("tenant_id","street_id","day");
--> statement-breakpoint
CREATE INDEX "waste_dates_day_idx" ON "waste_dates" USING btree ("tenant_id","day");
--> statement-breakpoint
CREATE TABLE "waste_reminders" (
	"tenant_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"street_id" uuid NOT NULL,
	"type_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"day" text DEFAULT 'day_before' NOT NULL,
	"minute_of_day" integer DEFAULT 1080 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_reminded_for" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waste_reminders_tenant_id_resident_id_pk" PRIMARY KEY("tenant_id","resident_id"),
	CONSTRAINT "waste_reminders_day_check" CHECK (day IN ('day_before', 'same_day'))
);
--> statement-breakpoint
ALTER TABLE "waste_reminders" ADD CONSTRAINT "waste_reminders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE waste_reminders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON waste_reminders USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
CREATE INDEX "waste_reminders_due_idx" ON "waste_reminders" USING btree ("tenant_id","day","minute_of_day") WHERE active;
--> statement-breakpoint
CREATE INDEX "waste_reminders_street_idx" ON "waste_reminders" USING btree ("tenant_id","street_id");
--> statement-breakpoint
ALTER TABLE waste_schedules ADD CONSTRAINT waste_schedules_target_check CHECK ((district_id IS NULL) <> (street_id IS NULL));
--> statement-breakpoint
ALTER TABLE waste_dates ADD CONSTRAINT waste_dates_target_check CHECK ((district_id IS NULL) <> (street_id IS NULL));
--> statement-breakpoint
CREATE UNIQUE INDEX waste_dates_uq ON waste_dates (tenant_id, type_id, coalesce(district_id, street_id), day);
