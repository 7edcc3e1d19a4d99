-- Live consoles: every change to what a console shows is announced on the channel `case_changes`, in
-- the same transaction (sent at commit, never for a rolled-back change), to every API replica that
-- listens. The payload names the case, its jurisdiction and what changed: nothing personal.
CREATE OR REPLACE FUNCTION case_change_notify() RETURNS trigger AS $$
DECLARE
  case_row record;
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
      RETURN NULL;
    END IF;
    PERFORM pg_notify('case_changes', json_build_object('caseId', NEW.id, 'jurisdiction', NEW.jurisdiction, 'change', 'case', 'status', NEW.status)::text);
    RETURN NULL;
  END IF;
  SELECT id, jurisdiction, status INTO case_row FROM cases WHERE id = NEW.case_id;
  IF FOUND THEN
    PERFORM pg_notify('case_changes', json_build_object('caseId', case_row.id, 'jurisdiction', case_row.jurisdiction, 'change', TG_ARGV[0], 'status', case_row.status)::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cases_change_notify AFTER INSERT OR UPDATE OF status ON cases
  FOR EACH ROW EXECUTE FUNCTION case_change_notify();
--> statement-breakpoint
CREATE TRIGGER approval_events_change_notify AFTER INSERT OR UPDATE ON approval_events
  FOR EACH ROW EXECUTE FUNCTION case_change_notify('approval');
--> statement-breakpoint
CREATE TRIGGER alert_steps_change_notify AFTER INSERT ON alert_steps
  FOR EACH ROW EXECUTE FUNCTION case_change_notify('alert');
--> statement-breakpoint
CREATE TRIGGER alert_deliveries_change_notify AFTER INSERT OR UPDATE OF status ON alert_deliveries
  FOR EACH ROW EXECUTE FUNCTION case_change_notify('delivery');
--> statement-breakpoint
CREATE TRIGGER case_sightings_change_notify AFTER INSERT ON case_sightings
  FOR EACH ROW EXECUTE FUNCTION case_change_notify('sighting');
