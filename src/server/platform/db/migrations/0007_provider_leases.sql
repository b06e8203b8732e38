CREATE TABLE "provider_leases" (
	"provider_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_leases_provider_id_slot_pk" PRIMARY KEY("provider_id","slot")
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "max_connections" integer;--> statement-breakpoint
ALTER TABLE "provider_leases" ADD CONSTRAINT "provider_leases_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;