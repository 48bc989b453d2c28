-- Several instances on one database (issue 19): every committed live event wakes the live feed of
-- every `serve` process at once. The NOTIFY is sent at commit, so a listener never reads ahead of
-- what it can see; one per statement is enough (the listener reads everything after its cursor).
CREATE FUNCTION live_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plumbline_live', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER live_events_notify AFTER INSERT ON live_events
  FOR EACH STATEMENT EXECUTE FUNCTION live_events_notify();
