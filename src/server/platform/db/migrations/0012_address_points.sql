-- Coordinates for the street directory: one point per house number, or per street (house_number ''), so that drawn
-- areas match residents by point in polygon.
CREATE TABLE "street_points" (
	"tenant_id" uuid NOT NULL,
	"street_id" uuid NOT NULL,
	"house_number" text DEFAULT '' NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	CONSTRAINT "street_points_tenant_id_street_id_house_number_pk" PRIMARY KEY("tenant_id","street_id","house_number")
);
--> statement-breakpoint
ALTER TABLE "street_points" ADD CONSTRAINT "street_points_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "street_points" ADD CONSTRAINT "street_points_street_fk" FOREIGN KEY ("tenant_id","street_id") REFERENCES "public"."streets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE street_points ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_wall ON street_points USING (tenant_id = civicast_current_tenant()) WITH CHECK (tenant_id = civicast_current_tenant());
--> statement-breakpoint
-- a street the resident typed that is not in the directory: kept (unconfirmed) so staff can see and fix it
ALTER TABLE "follows" ADD COLUMN "street_name" text;
