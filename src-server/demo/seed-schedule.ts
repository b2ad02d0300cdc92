import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { participantId } from '../../shared/fhir/appointment-summary.js';
import type { Database, Queryable } from '../db/database.js';
import { bookSlot } from '../scheduling/booking.js';
import { markAppointment } from '../scheduling/reschedule.js';
import { extendHorizons, saveSchedule } from '../scheduling/schedules.js';
import type { DemoRegion } from './generate.js';
import type { DemoBooking } from './schedule.js';
import { MINSK_OFFSET } from './time.js';

/**
 * Stores the polyclinic's schedule definitions (scheduling generates their Slots), keeps them
 * generated two weeks ahead on later starts, and books the planned appointments through
 * scheduling's bookSlot. A booking whose slot is gone (earlier today on a later start) or taken
 * (someone booked it through the workstation meanwhile) is simply left out. Returns how many
 * appointments this start booked.
 */
export async function bookDemoSchedule(db: Database, region: DemoRegion, presentPatients: ReadonlySet<string>, now: Date): Promise<number> {
  const plan = region.schedule();
  // Defined "this morning", so today's slots exist from the first hour and the day looks lived in.
  const startOfToday = new Date(`${region.today}T00:00:00${MINSK_OFFSET}`);
  const { rows } = await db.query<{ schedule_id: string }>(`SELECT schedule_id FROM schedule_definition WHERE schedule_id = ANY($1::text[])`, [plan.definitions.map((d) => d.scheduleId)]);
  const defined = new Set(rows.map((row) => row.schedule_id));
  for (const definition of plan.definitions) {
    if (defined.has(definition.scheduleId)) continue;
    await db.transaction((tx) => saveSchedule(tx, { organizationId: definition.organizationId, scheduleId: definition.scheduleId, fields: definition.fields, by: 'demo', now: startOfToday }));
  }
  await extendHorizons(db, now);

  const { rows: existing } = await db.query<{ id: string }>(`SELECT id FROM resource WHERE resource_type = 'Appointment' AND id = ANY($1::text[])`, [plan.bookings.map((b) => b.appointment.id)]);
  const booked = new Set(existing.map((row) => row.id));
  const wanted = plan.bookings.filter((booking) => {
    const patientId = participantId(booking.appointment, 'Patient');
    return !booked.has(booking.appointment.id) && patientId !== null && presentPatients.has(patientId);
  });
  let count = 0;
  for (let start = 0; start < wanted.length; start += CHUNK) count += await bookChunk(db, wanted.slice(start, start + CHUNK), now);
  return count;
}

const CHUNK = 100;
/** Books one; an appointment of this morning that is already over gets the day's mark (seen, or did not come). */
async function book(tx: Queryable, booking: DemoBooking, now: Date): Promise<void> {
  const { appointment } = await bookSlot(tx, { slotId: booking.slotId, appointment: booking.appointment, now, channel: 'staff', bookedBy: 'demo' });
  if (appointment.end && new Date(appointment.end) < now) {
    await markAppointment(tx, { appointmentId: appointment.id, status: booking.missed ? 'noshow' : 'fulfilled', now });
  }
}
const refused = (error: unknown) => isOperationOutcomeError(error) && [404, 409, 422].includes(error.status);

/**
 * Books a chunk in one transaction (a first start has nothing in the way); when something is, the
 * chunk is booked again one by one and the refused ones are left out.
 */
async function bookChunk(db: Database, chunk: readonly DemoBooking[], now: Date): Promise<number> {
  try {
    await db.transaction(async (tx) => {
      for (const booking of chunk) await book(tx, booking, now);
    });
    return chunk.length;
  } catch (error) {
    if (!refused(error)) throw error;
  }
  let count = 0;
  for (const booking of chunk) {
    try {
      await db.transaction((tx) => book(tx, booking, now));
      count++;
    } catch (error) {
      if (!refused(error)) throw error;
    }
  }
  return count;
}
