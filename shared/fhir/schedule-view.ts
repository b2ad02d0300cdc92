import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { Specialty } from '../api/schedule.js';
import type { ScheduleColumn, ScheduleView, SlotCell } from '../api/schedule-views.js';
import { HOLDS_SLOT } from '../domain/appointment-status.js';
import { addDays } from '../domain/vaccination-dates.js';
import { localDateOf } from '../domain/zoned-time.js';
import { appointmentSummary, participantId, patientContact, slotIdOf, visitTypeOf } from './appointment-summary.js';
import { SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from './scheduling.js';

type WithId<T> = T & { id: string };

export interface ScheduleViewInput {
  from: string;
  days: number;
  schedules: readonly WithId<Schedule>[];
  slots: readonly WithId<Slot>[];
  appointments: readonly WithId<Appointment>[];
  patients: readonly WithId<Patient>[];
  /** Slots booked on this workstation and not yet confirmed by Central. */
  pendingSlotIds?: ReadonlySet<string>;
}

export const DEFAULT_TIME_ZONE = 'Europe/Minsk';

export function timeZoneOf(schedule: Schedule): string {
  return schedule.extension?.find((e) => e.url === SCHEDULING_EXTENSIONS.timeZone)?.valueCode ?? DEFAULT_TIME_ZONE;
}

export function specialtyOf(schedule: Schedule): Specialty | null {
  const coding = schedule.specialty?.flatMap((c) => c.coding ?? []).find((c) => c.system === SCHEDULING_SYSTEMS.specialty);
  return coding?.code ? { code: coding.code, display: coding.display ?? coding.code } : null;
}

/**
 * A day or week of schedules from FHIR resources alone: Central answers GET /scheduling/view with
 * it, and the workstation can build the same view offline from its local copy.
 */
export function buildScheduleView(input: ScheduleViewInput): ScheduleView {
  const holding = new Map<string, WithId<Appointment>>();
  for (const appointment of input.appointments) {
    const slotId = slotIdOf(appointment);
    if (slotId && HOLDS_SLOT.includes(appointment.status)) holding.set(slotId, appointment);
  }
  const patients = new Map(input.patients.map((p) => [p.id, p]));
  const dates = Array.from({ length: input.days }, (_, i) => addDays(input.from, i));
  const schedules = input.schedules.map((schedule): ScheduleColumn => {
    const timeZone = timeZoneOf(schedule);
    const mine = input.slots.filter((slot) => slot.schedule?.reference === `Schedule/${schedule.id}`).sort((a, b) => a.start.localeCompare(b.start));
    const byDate = new Map<string, SlotCell[]>(dates.map((date) => [date, []]));
    for (const slot of mine) byDate.get(localDateOf(slot.start, timeZone))?.push(cell(slot, holding.get(slot.id), patients, input.pendingSlotIds));
    return {
      scheduleId: schedule.id,
      display: schedule.comment ?? schedule.actor?.find((a) => a.display)?.display ?? `Schedule/${schedule.id}`,
      practitionerId: schedule.actor?.map((a) => /^Practitioner\/(.+)$/.exec(a.reference ?? '')?.[1]).find(Boolean) ?? null,
      locationId: schedule.actor?.map((a) => /^Location\/(.+)$/.exec(a.reference ?? '')?.[1]).find(Boolean) ?? null,
      specialty: specialtyOf(schedule),
      timeZone,
      days: dates.map((date) => ({ date, slots: byDate.get(date)! })),
    };
  });
  return { from: input.from, days: input.days, schedules };
}

function cell(slot: WithId<Slot>, appointment: WithId<Appointment> | undefined, patients: Map<string, WithId<Patient>>, pending: ReadonlySet<string> | undefined): SlotCell {
  const patientId = appointment ? participantId(appointment, 'Patient') : null;
  return {
    slotId: slot.id,
    start: slot.start,
    end: slot.end,
    visitType: visitTypeOf(slot),
    state: appointment || slot.status === 'busy' ? 'booked' : slot.status === 'free' ? 'free' : 'blocked',
    appointment: appointment ? { ...appointmentSummary(appointment), patient: patientId ? patientContact(patientId, patients.get(patientId)) : null } : null,
    pending: pending?.has(slot.id) ?? false,
  };
}
