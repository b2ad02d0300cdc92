import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { DeskRefusal } from '../../../shared/api/schedule-desk.js';
import { patientContact } from '../../../shared/fhir/appointment-summary.js';
import { readBookingRefusal } from '../../../shared/fhir/booking-refusal.js';
import type { LocalStore } from '../../db/local-store.js';
import { displayOf } from './desk-views.js';

/**
 * Bookings and moves made here that Central refused, read from the sync inbox (src-main/sync/
 * refusals.ts filed them there, removed the local booking or put the moved one back in its old
 * slot): the refusal Central sent with its nearest free alternatives, and the patient's phone
 * (this workstation's copy when Central's refusal has none). A refused move names the appointment,
 * which still holds its old time, so an alternative moves it rather than booking a second visit.
 */
export function openBookingRefusals(store: LocalStore): DeskRefusal[] {
  const refusals: DeskRefusal[] = [];
  for (const item of store.inbox.open()) {
    const local = item.local as { kind?: string; args?: { slotId?: string; appointment?: Appointment; appointmentId?: string } } | null;
    if ((local?.kind !== 'book' && local?.kind !== 'reschedule') || !local.args?.slotId) continue;
    const refusal = readBookingRefusal(item.outcome);
    if (!refusal) continue;
    const moving = local.kind === 'reschedule' ? (local.args.appointmentId ?? null) : null;
    const appointment = moving ? store.resources.get<Appointment>('Appointment', moving) : local.args.appointment;
    const patientId = refusal.patient?.patientId ?? appointment?.participant?.map((p) => /^Patient\/(.+)$/.exec(p.actor?.reference ?? '')?.[1]).find(Boolean) ?? null;
    const here = patientId ? patientContact(patientId, store.resources.get<Patient>('Patient', patientId)) : null;
    const patient = refusal.patient ? { ...refusal.patient, phone: refusal.patient.phone ?? here?.phone ?? null, name: refusal.patient.name || (here?.name ?? '') } : here;
    const slot = store.resources.get<Slot>('Slot', local.args.slotId);
    const schedule = slot?.schedule?.reference ? store.resources.get<Schedule>('Schedule', slot.schedule.reference.replace(/^Schedule\//, '')) : undefined;
    refusals.push({
      id: String(item.id),
      createdAt: item.createdAt,
      attempted: { slotId: local.args.slotId, start: (moving ? slot?.start : appointment?.start) ?? slot?.start ?? null, scheduleDisplay: schedule ? displayOf(schedule as Schedule & { id: string }) : null },
      movedAppointmentId: moving,
      keptStart: moving ? (appointment?.start ?? null) : null,
      refusal: { ...refusal, patient },
    });
  }
  return refusals;
}
