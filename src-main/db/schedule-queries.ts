import type { Appointment, Encounter, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';

type WithId<T> = T & { id: string };

/**
 * What the registrar's desk reads from the replica: schedules, slots by start time, bookings and
 * moves not yet confirmed by Central (from the outbox), walk-ins and what the
 * preventive due list needs. Everything else about scheduling lives in shared/.
 */
export class ScheduleQueries {
  private readonly schedules;
  private readonly slotsBetween;
  private readonly slotsFrom;
  private readonly pendingBooks;
  private readonly patients;
  private readonly preventiveEncounters;
  private readonly byType;
  private readonly selectMove;
  private readonly deleteMove;
  private readonly selectMoves;

  constructor(db: SqliteDatabase) {
    this.schedules = db.prepare<[], { content: string }>(`SELECT content FROM resources WHERE type = 'Schedule' AND deleted = 0`);
    const slotStart = `julianday(json_extract(content, '$.start'))`;
    this.slotsBetween = db.prepare<[string, string], { content: string }>(
      `SELECT content FROM resources WHERE type = 'Slot' AND deleted = 0 AND ${slotStart} >= julianday(?) AND ${slotStart} < julianday(?) ORDER BY ${slotStart}`,
    );
    this.slotsFrom = db.prepare<[string, number], { content: string }>(
      `SELECT content FROM resources WHERE type = 'Slot' AND deleted = 0 AND json_extract(content, '$.status') = 'free' AND ${slotStart} >= julianday(?) ORDER BY ${slotStart} LIMIT ?`,
    );
    this.pendingBooks = db.prepare<[], { slot_id: string; appointment_id: string }>(
      `SELECT json_extract(args, '$.slotId') AS slot_id, coalesce(json_extract(args, '$.appointment.id'), json_extract(args, '$.appointmentId')) AS appointment_id
       FROM outbox WHERE status = 'pending' AND kind IN ('book', 'reschedule') ORDER BY mutation_id`,
    );
    this.patients = db.prepare<[], { content: string }>(`SELECT content FROM resources WHERE type = 'Patient' AND deleted = 0`);
    this.preventiveEncounters = db.prepare<[], { content: string }>(
      `SELECT content FROM resources WHERE type = 'Encounter' AND deleted = 0 AND instr(content, '"preventive"') > 0`,
    );
    this.byType = db.prepare<[string], { content: string }>(`SELECT content FROM resources WHERE type = ? AND deleted = 0`);
    this.selectMove = db.prepare<[string], { replaces: string; reason: string | null }>('SELECT replaces, reason FROM pending_move WHERE appointment_id = ?');
    this.deleteMove = db.prepare<[string]>('DELETE FROM pending_move WHERE appointment_id = ?');
    this.selectMoves = db.prepare<[], { appointment_id: string; replaces: string }>('SELECT appointment_id, replaces FROM pending_move');
  }

  allSchedules(): WithId<Schedule>[] {
    return this.schedules.all().map((row) => JSON.parse(row.content) as WithId<Schedule>);
  }

  /** Slots starting in [fromIso, toIso), compared as instants, ordered by start. */
  slotsStartingBetween(fromIso: string, toIso: string): WithId<Slot>[] {
    return this.slotsBetween.all(fromIso, toIso).map((row) => JSON.parse(row.content) as WithId<Slot>);
  }

  /** Slots Central last published as free, starting at or after `fromIso`, earliest first. */
  freeSlotsFrom(fromIso: string, limit: number): WithId<Slot>[] {
    return this.slotsFrom.all(fromIso, limit).map((row) => JSON.parse(row.content) as WithId<Slot>);
  }

  /** Bookings and moves made here that Central has not answered yet: slot id → appointment id. */
  pendingBookings(): Map<string, string> {
    return new Map(this.pendingBooks.all().map((row) => [row.slot_id, row.appointment_id]));
  }

  allPatients(): WithId<Patient>[] {
    return this.patients.all().map((row) => JSON.parse(row.content) as WithId<Patient>);
  }

  /** Encounters that may be preventive examinations (the caller checks the kind exactly). */
  maybePreventiveEncounters(): WithId<Encounter>[] {
    return this.preventiveEncounters.all().map((row) => JSON.parse(row.content) as WithId<Encounter>);
  }

  allAppointments(): WithId<Appointment>[] {
    return this.byType.all('Appointment').map((row) => JSON.parse(row.content) as WithId<Appointment>);
  }

  /**
   * The move this booking belongs to, removed: call inside the transaction that settles the booking.
   * Only moves queued before sync protocol 3 (a `book` whose old booking waits in pending_move) have
   * one; moves are `reschedule` mutations now.
   */
  takeMove(appointmentId: string): { replaces: string; reason: string | null } | null {
    const move = this.selectMove.get(appointmentId);
    if (move) this.deleteMove.run(appointmentId);
    return move ?? null;
  }

  /** Old booking → the new one waiting for Central. */
  movesInProgress(): Map<string, string> {
    return new Map(this.selectMoves.all().map((row) => [row.replaces, row.appointment_id]));
  }
}
