-- 0020: system status: each worker process's heartbeat, and the last success and failure of each
-- integration (smtp, twilio, stripe), shown on /admin/status and in /readyz?verbose=1.
CREATE TABLE worker_heartbeats (
  instance TEXT PRIMARY KEY CHECK (length(instance) BETWEEN 1 AND 300),
  host TEXT NOT NULL DEFAULT '',
  pid BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  beat_at BIGINT NOT NULL
);
CREATE TABLE integration_events (
  name TEXT PRIMARY KEY CHECK (name IN ('smtp', 'twilio', 'stripe')),
  last_success_at BIGINT,
  last_failure_at BIGINT,
  last_error TEXT NOT NULL DEFAULT ''
);
