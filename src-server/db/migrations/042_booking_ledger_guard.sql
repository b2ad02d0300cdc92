-- The booking ledger holds for every way an Appointment is written, not only scheduling's own:
-- a FHIR REST create/update or a sync `create`/`update` of an Appointment that names a slot takes
-- that slot in the ledger (and fails like a second booking, unique_violation, when another
-- appointment holds it); one that no longer holds its slot (cancelled, deleted, moved) lets it go.
-- Scheduling's own writes claim first, so for them this finds the ledger already right.
ALTER TABLE slot_booking DROP CONSTRAINT slot_booking_channel_check;
ALTER TABLE slot_booking ADD CONSTRAINT slot_booking_channel_check CHECK (channel IN ('workstation', 'staff', 'cabinet', 'fhir'));

CREATE FUNCTION slot_booking_follows_appointment() RETURNS trigger AS $$
DECLARE
  slot_ref text := NEW.content->'slot'->0->>'reference';
  holds boolean := NOT NEW.deleted AND slot_ref LIKE 'Slot/%'
    AND NEW.content->>'status' IN ('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow');
BEGIN
  IF holds THEN
    IF NOT EXISTS (SELECT 1 FROM slot_booking WHERE appointment_id = NEW.id AND slot_id = substr(slot_ref, 6) AND released_at IS NULL) THEN
      UPDATE slot_booking SET released_at = now(), release_reason = 'rescheduled' WHERE appointment_id = NEW.id AND released_at IS NULL;
      INSERT INTO slot_booking (slot_id, appointment_id, patient_id, channel, booked_by, booked_at)
        VALUES (substr(slot_ref, 6), NEW.id, COALESCE(NEW.patient_id, ''), 'fhir', 'fhir-write', now());
    END IF;
  ELSE
    UPDATE slot_booking SET released_at = now(), release_reason = 'cancelled' WHERE appointment_id = NEW.id AND released_at IS NULL;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resource_appointment_holds_slot AFTER INSERT OR UPDATE ON resource
  FOR EACH ROW WHEN (NEW.resource_type = 'Appointment') EXECUTE FUNCTION slot_booking_follows_appointment();
