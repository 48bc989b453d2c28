-- 0044: outbound webhooks (issue 20 item 3). An endpoint belongs to a plumber (their own events) or
-- to the platform (owner_id NULL, registered by staff); its signing secret is sealed, and after a
-- rotation the previous one stays valid (and signs too) until previous_until. Each delivery attempt
-- is logged with the receiver's status code and response time. Deliveries go through the outbox on
-- a new channel, 'webhook'.
CREATE TABLE webhook_endpoints (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  events TEXT NOT NULL CHECK (length(events) > 0),
  description TEXT NOT NULL DEFAULT '',
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT NOT NULL DEFAULT '',
  previous_until BIGINT NOT NULL DEFAULT 0,
  active BOOLEAN NOT NULL DEFAULT true,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, id);

CREATE TABLE webhook_deliveries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  message_id BIGINT NOT NULL,
  event TEXT NOT NULL,
  event_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  status_code INTEGER NOT NULL DEFAULT 0,
  response_ms BIGINT NOT NULL DEFAULT 0 CHECK (response_ms >= 0),
  error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
  CHECK (channel IN ('email', 'sms', 'webhook'));

-- Row-level security (0042): a plumber's transaction also sees the webhook deliveries queued for its
-- own endpoints (the delivery log's redelivery reads the queued message back). Permissive policies
-- add up, so this widens outbox_own by exactly those rows.
CREATE POLICY outbox_own_webhooks ON outbox USING (
  channel = 'webhook'
  AND recipient IN (SELECT 'webhook:' || id FROM webhook_endpoints
                    WHERE owner_id = plumbline_plumber_id()));

