-- 0011: credits and money as 64-bit integers (issue 12, point 7). SQLite's INTEGER already holds
-- 64 bits, so its schema needs no change: this file keeps the migration numbers of both backends
-- in step with migrations/postgres/0008_bigint_credits.sql, which widens the INTEGER columns there.
SELECT 1;
