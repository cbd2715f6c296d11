-- Live updates for the console: every write to a table the SPA shows raises a notification that
-- names only the table (never a row or its contents). The app LISTENs and pushes Server-Sent Events,
-- so this works the same whichever process (app, embedded engine, Trigger.dev worker) wrote the row.
CREATE OR REPLACE FUNCTION "sequora_notify_change"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('sequora_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EscalationTask_changed" AFTER INSERT OR UPDATE OR DELETE ON "EscalationTask"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "TaskEvent_changed" AFTER INSERT ON "TaskEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "Message_changed" AFTER INSERT OR UPDATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "Notification_changed" AFTER INSERT OR UPDATE ON "Notification"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "CheckIn_changed" AFTER INSERT OR UPDATE ON "CheckIn"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "Episode_changed" AFTER INSERT OR UPDATE ON "Episode"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "OnCallShift_changed" AFTER INSERT OR UPDATE OR DELETE ON "OnCallShift"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
CREATE TRIGGER "User_changed" AFTER INSERT OR UPDATE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
