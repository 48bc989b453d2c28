-- 0022: the plumbers console: the messages sent to one plumber are found by recipient.
CREATE INDEX outbox_recipient ON outbox (recipient, id);
