import type { Appointment } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';

/** Appointments of the replica by start time (the doctor's day), over an index on Appointment.start. */
export class AppointmentQueries {
  private readonly between;

  constructor(db: SqliteDatabase) {
    this.between = db.prepare<[string, string], { content: string }>(
      `SELECT content FROM resources
        WHERE type = 'Appointment' AND deleted = 0
          AND julianday(json_extract(content, '$.start')) >= julianday(?) AND julianday(json_extract(content, '$.start')) < julianday(?)
        ORDER BY julianday(json_extract(content, '$.start'))`,
    );
  }

  /** Appointments starting in [fromIso, toIso), compared as instants whatever offset each was written in. */
  startingBetween(fromIso: string, toIso: string): Appointment[] {
    return this.between.all(fromIso, toIso).map((row) => JSON.parse(row.content) as Appointment);
  }
}
