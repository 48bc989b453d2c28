-- 0021: staff overrides of the shipped e-mail and SMS templates, one row per template part
-- ("email/lead_alert.subject"); the worker renders a part with its override when one exists.
-- Previous versions are kept in the audit trail (template.update / template.revert rows carry the
-- body before and after).
CREATE TABLE message_template_overrides (
  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 120),
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER
);
