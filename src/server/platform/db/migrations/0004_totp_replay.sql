ALTER TABLE "staff_users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
CREATE INDEX "deliveries_sms_recipient_idx" ON "deliveries" USING btree ("recipient") WHERE channel = 'sms';