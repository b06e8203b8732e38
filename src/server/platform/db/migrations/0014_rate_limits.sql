-- Request counters of @fastify/rate-limit (sign-in, password reset), shared by every process on this database.
-- Installation-wide, not tenant-owned: keyed by route and client address, swept by the maintenance job.
CREATE TABLE IF NOT EXISTS rate_limit_hits (
  key text PRIMARY KEY NOT NULL,
  count integer NOT NULL,
  reset_at timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS rate_limit_hits_reset_idx ON rate_limit_hits (reset_at);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_hits TO civicast_app;
