// The Marketplace health report over an exact fixture, on SQLite and PostgreSQL.
