-- A warning's later versions (update, cancel, all-clear) reach the residents its original was handed to. The original's
-- deliveries name them already (and an erasure clears the name there), so the list kept beside them goes: writing it
-- cost every warning's accept a row and two foreign-key checks per resident while fifty towns waited on those accepts.
DROP TABLE IF EXISTS "warning_recipients";
