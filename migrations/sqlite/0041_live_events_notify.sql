-- PostgreSQL's 0041 makes live-event inserts NOTIFY the other instances. SQLite serves one
-- process, whose live feed is nudged in-process; this file keeps the numbering aligned.
SELECT 1;
