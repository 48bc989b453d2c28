-- PostgreSQL's 0032 puts created_at into the requests' GiST index. SQLite finds a plumber's area
-- through its own R*Tree and the created_at indexes, so nothing changes here; the file keeps the
-- two schemas' version numbers in step.
SELECT 1;
