-- The overdue list of a department (issue 10): the partial index of its active conversations ends in the id, the
-- list's tie breaker, so a page of "overdue, oldest deadline first" is read in order and stops after the page. Without
-- the id every row sharing the page's last deadline was fetched and sorted (an incremental sort) before the limit.
DROP INDEX IF EXISTS "conversations_due_idx";
--> statement-breakpoint
CREATE INDEX "conversations_due_idx" ON "conversations" USING btree ("tenant_id","department_id","next_due_at","id") WHERE status in ('open', 'waiting');
