import type { Appointment } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';

/** Appointments of the replica: by start time (the doctor's day), over an index on Appointment.start, and whose each one is. */
export class AppointmentQueries {
  private readonly between;
  private readonly patient;

  constructor(db: SqliteDatabase) {
    this.between = db.prepare<[string, string], { content: string }>(
      `SELECT content FROM resources
        WHERE type = 'Appointment' AND deleted = 0
          AND julianday(json_extract(content, '$.start')) >= julianday(?) AND julianday(json_extract(content, '$.start')) < julianday(?)
        ORDER BY julianday(json_extract(content, '$.start'))`,
    );
    this.patient = db.prepare<[string], { patient_id: string | null }>("SELECT patient_id FROM resources WHERE type = 'Appointment' AND id = ? AND deleted = 0");
  }

  /** Appointments starting in [fromIso, toIso), compared as instants whatever offset each was written in. */
  startingBetween(fromIso: string, toIso: string): Appointment[] {
    return this.between.all(fromIso, toIso).map((row) => JSON.parse(row.content) as Appointment);
  }

  /** Whose appointment this is; null when it is not in the replica. */
  patientOf(appointmentId: string): string | null {
    return this.patient.get(appointmentId)?.patient_id ?? null;
  }
}
