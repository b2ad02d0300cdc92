import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { ApiParsedInput } from '../../../shared/api/contract.js';
import type { ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import type { FreeSlot, ScheduleView } from '../../../shared/api/schedule-views.js';
import { HOLDS_SLOT } from '../../../shared/domain/appointment-status.js';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import { participantId, slotIdOf, visitTypeOf } from '../../../shared/fhir/appointment-summary.js';
import { buildScheduleView, specialtyOf } from '../../../shared/fhir/schedule-view.js';
import type { LocalStore } from '../../db/local-store.js';

type WithId<T> = T & { id: string };

/** A day either side of the asked dates covers every time zone a schedule may keep. */
const MARGIN_DAYS = 1;
/** How many published-free slots are read to find the next free ones of a schedule. */
const FREE_SCAN = 5000;

/**
 * What the registrar looks at, from the replica: the schedules to choose from, a day or week built
 * by shared/fhir/schedule-view.ts (the function Central's view uses, so both show the same), and
 * the next free slots. Bookings made here and not yet confirmed show as pending.
 */
export class DeskViews {
  constructor(private readonly deps: { store: () => LocalStore; now: () => Date }) {}

  directory(): ScheduleDirectory {
    const schedules = this.deps.store().scheduling.allSchedules().filter((s) => s.active !== false);
    const entries = schedules
      .map((s) => ({ scheduleId: s.id, display: displayOf(s), practitionerId: practitionerOf(s), specialty: specialtyOf(s) }))
      .sort((a, b) => a.display.localeCompare(b.display, 'ru'));
    const specialties = new Map(entries.flatMap((e) => (e.specialty ? [[e.specialty.code, e.specialty] as const] : [])));
    return { schedules: entries, specialties: [...specialties.values()].sort((a, b) => a.display.localeCompare(b.display, 'ru')) };
  }

  view(query: ApiParsedInput<'schedule.view'>): ScheduleView {
    const store = this.deps.store();
    const schedules = this.chosen(store, query);
    const ids = new Set(schedules.map((s) => `Schedule/${s.id}`));
    const fromIso = `${addDays(query.from, -MARGIN_DAYS)}T00:00:00Z`;
    const toIso = `${addDays(query.from, query.days + MARGIN_DAYS)}T00:00:00Z`;
    const slots = store.scheduling.slotsStartingBetween(fromIso, toIso).filter((slot) => ids.has(slot.schedule?.reference ?? ''));
    const slotIds = new Set(slots.map((s) => s.id));
    const appointments = store.appointments.startingBetween(fromIso, toIso).filter((a): a is WithId<Appointment> => Boolean(a.id) && slotIds.has(slotIdOf(a) ?? '')) as WithId<Appointment>[];
    const patientIds = new Set(appointments.map((a) => participantId(a, 'Patient')).filter((id): id is string => Boolean(id)));
    const patients = [...patientIds].flatMap((id) => {
      const patient = store.resources.get<Patient>('Patient', id);
      return patient ? [patient as WithId<Patient>] : [];
    });
    const pending = store.scheduling.pendingBookings();
    return buildScheduleView({ from: query.from, days: query.days, schedules, slots, appointments, patients, pendingSlotIds: new Set(pending.keys()) });
  }

  /** The earliest slots still free as far as this workstation knows, of one schedule or a specialty. */
  nextFree(query: ApiParsedInput<'schedule.nextFree'>): FreeSlot[] {
    const store = this.deps.store();
    const schedules = new Map(this.chosen(store, query).map((s) => [`Schedule/${s.id}`, s]));
    const now = this.deps.now();
    const from = query.from && new Date(query.from) > now ? query.from : now.toISOString();
    const pending = store.scheduling.pendingBookings();
    const candidates = store.scheduling.freeSlotsFrom(from, FREE_SCAN).filter((slot) => {
      if (!schedules.has(slot.schedule?.reference ?? '') || pending.has(slot.id)) return false;
      return !query.visitType || visitTypeOf(slot) === query.visitType;
    });
    const free: FreeSlot[] = [];
    for (const slot of candidates) {
      if (free.length >= query.limit) break;
      if (heldHere(store, slot)) continue;
      const schedule = schedules.get(slot.schedule!.reference!)!;
      free.push({ slotId: slot.id, scheduleId: schedule.id, start: slot.start, end: slot.end, visitType: visitTypeOf(slot), practitionerId: practitionerOf(schedule), display: displayOf(schedule), specialty: specialtyOf(schedule) });
    }
    return free;
  }

  private chosen(store: LocalStore, query: { scheduleId?: string | undefined; specialty?: string | undefined }): WithId<Schedule>[] {
    return store.scheduling
      .allSchedules()
      .filter((s) => (query.scheduleId ? s.id === query.scheduleId : s.active !== false && specialtyOf(s)?.code === query.specialty))
      .sort((a, b) => displayOf(a).localeCompare(displayOf(b), 'ru'));
  }
}

export function displayOf(schedule: Schedule & { id: string }): string {
  return schedule.comment ?? schedule.actor?.find((a) => a.display)?.display ?? `Schedule/${schedule.id}`;
}

function practitionerOf(schedule: Schedule): string | null {
  return schedule.actor?.map((a) => /^Practitioner\/(.+)$/.exec(a.reference ?? '')?.[1]).find((id): id is string => Boolean(id)) ?? null;
}

/** An appointment on this workstation holds the slot (booked here, or arrived before the Slot did). */
function heldHere(store: LocalStore, slot: WithId<Slot>): boolean {
  return store.appointments.startingBetween(slot.start, new Date(new Date(slot.end).getTime() + 1).toISOString()).some((a) => slotIdOf(a) === slot.id && HOLDS_SLOT.includes(a.status));
}
