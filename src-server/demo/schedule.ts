import type { Appointment } from '@medplum/fhirtypes';
import { ScheduleDefinitionInputSchema, type ScheduleDefinitionFields } from '../../shared/api/schedule.js';
import { planSlots, type PlannedSlot } from '../../shared/domain/slot-plan.js';
import { addDays, ageInYears } from '../../shared/domain/vaccination-dates.js';
import { slotIdFor } from '../scheduling/schedule-resources.js';
import { demoPatientId, demoUuid } from './ids.js';
import { demoPerson } from './people.js';
import { createRandom } from './random.js';
import type { RegionContext } from './record/builder.js';
import { THERAPISTS } from './record/builder.js';

/**
 * The polyclinic's appointment schedules, as scheduling's own definitions (src-server/scheduling),
 * and the bookings that fill its doctors' days: most of today and tomorrow, less further ahead.
 * Pure data; seed.ts stores the definitions (which generates the Slots) and books through
 * scheduling's bookSlot, so the demo's bookings hold their slots like any other.
 */
export interface DemoScheduleDefinition {
  scheduleId: string;
  organizationId: string;
  fields: ScheduleDefinitionFields;
}

export interface DemoBooking {
  slotId: string;
  appointment: Appointment & { id: string };
  /** Marked as not come when its time has passed by the start (one in eight). */
  missed: boolean;
}

export interface DemoSchedule {
  definitions: DemoScheduleDefinition[];
  bookings: DemoBooking[];
}

const DAYS = 14;
// Public holidays of Belarus with a fixed date.
const FIXED_HOLIDAYS = ['01-01', '01-02', '01-07', '03-08', '05-01', '05-09', '07-03', '11-07', '12-25'];

interface DoctorPlan {
  key: string;
  specialty: { code: string; display: string };
  /** Mornings on Monday, Wednesday, Friday and afternoons otherwise, or the reverse. */
  mornings: 'odd' | 'even';
  /** Who books with this doctor. */
  patients: (age: number, index: number) => boolean;
}

const DOCTORS: readonly DoctorPlan[] = [
  ...THERAPISTS.map((key, n): DoctorPlan => ({ key, specialty: { code: 'therapist', display: 'Терапевт' }, mornings: n % 2 === 0 ? 'odd' : 'even', patients: (age, index) => age >= 18 && index % THERAPISTS.length === n })),
  { key: 'pediatrician', specialty: { code: 'pediatrician', display: 'Педиатр' }, mornings: 'even', patients: (age) => age < 18 },
  { key: 'neurologist', specialty: { code: 'neurologist', display: 'Невролог' }, mornings: 'odd', patients: (age) => age >= 18 },
  { key: 'surgeon', specialty: { code: 'surgeon', display: 'Хирург' }, mornings: 'even', patients: (age) => age >= 18 },
  { key: 'ophthalmologist', specialty: { code: 'ophthalmologist', display: 'Офтальмолог' }, mornings: 'odd', patients: () => true },
  { key: 'cardiologist', specialty: { code: 'cardiologist', display: 'Кардиолог' }, mornings: 'even', patients: (age) => age >= 40 },
];

export function demoSchedule(region: RegionContext, patients: { from: number; count: number }): DemoSchedule {
  const organizationId = region.institutions.polyclinic.organization.id;
  const year = Number(region.today.slice(0, 4));
  const holidays = [year, year + 1].flatMap((y) => FIXED_HOLIDAYS.map((md) => `${y}-${md}`));
  const people = Array.from({ length: patients.count }, (_, i) => demoPerson(patients.from + i, region.seed));
  const definitions: DemoScheduleDefinition[] = [];
  const bookings: DemoBooking[] = [];
  for (const doctor of DOCTORS) {
    const member = region.staff.get(doctor.key)!;
    const room = region.institutions.polyclinic.rooms[member.spec.room ?? '']!;
    const [morning, afternoon] = [{ start: '08:00', end: '14:00' }, { start: '14:00', end: '20:00' }];
    const fields = ScheduleDefinitionInputSchema.parse({
      practitionerId: member.practitioner.id,
      practitionerRoleId: member.role.id,
      locationId: room.id,
      specialty: doctor.specialty,
      display: `${member.practitioner.name?.[0]?.text}, ${doctor.specialty.display.toLowerCase()}, ${room.name}`,
      timeZone: 'Europe/Minsk',
      horizonWeeks: 2,
      defaultVisitType: 'follow-up',
      slotMinutes: { 'follow-up': 15, 'first-visit': 20, preventive: 30 },
      hours: [1, 2, 3, 4, 5].flatMap((weekday) => {
        const early = (weekday % 2 === 1) === (doctor.mornings === 'odd');
        const block = early ? morning : afternoon;
        // The last hour of a therapist's shift is kept for preventive examinations.
        return doctor.specialty.code === 'therapist'
          ? [{ weekday, start: block.start, end: early ? '13:00' : '19:00' }, { weekday, start: early ? '13:00' : '19:00', end: block.end, visitType: 'preventive' }]
          : [{ weekday, start: block.start, end: block.end }];
      }),
      breaks: [{ start: '11:00', end: '11:15' }, { start: '17:00', end: '17:15' }],
      holidays,
    });
    const scheduleId = demoUuid(region.seed, 'Schedule', doctor.key);
    definitions.push({ scheduleId, organizationId, fields });
    const candidates = people.filter((p) => doctor.patients(ageInYears(p.birthDate, region.today), p.index));
    bookings.push(...bookingsFor(region, scheduleId, planSlots(fields, region.today, addDays(region.today, DAYS)), candidates.map((p) => p.index)));
  }
  return { definitions, bookings };
}

function bookingsFor(region: RegionContext, scheduleId: string, slots: readonly PlannedSlot[], candidates: readonly number[]): DemoBooking[] {
  if (candidates.length === 0) return [];
  const random = createRandom(region.seed, 0x5c4ed, candidates.length, slots.length);
  const bookings: DemoBooking[] = [];
  const days = [...new Set(slots.map((slot) => slot.date))].sort();
  const booked = new Map<string, Set<number>>();
  for (const slot of slots) {
    const dayNumber = days.indexOf(slot.date);
    // The doctor's first two working days are nearly full; later days fill as they approach.
    const share = dayNumber < 2 ? 0.75 : Math.max(0.08, 0.35 - dayNumber * 0.04);
    if (!random.chance(share)) continue;
    // Nobody comes to the same doctor twice in a day.
    const seen = booked.get(slot.date) ?? booked.set(slot.date, new Set()).get(slot.date)!;
    const index = random.pick(candidates);
    if (seen.has(index)) continue;
    seen.add(index);
    const slotId = slotIdFor(scheduleId, slot.start);
    bookings.push({
      slotId,
      missed: random.chance(0.12),
      appointment: {
        resourceType: 'Appointment',
        id: demoUuid(region.seed, 'Appointment', slotId),
        status: 'booked',
        description: slot.visitType === 'preventive' ? 'Диспансеризация' : random.pick(['Повторный приём', 'Контроль давления', 'Выписка рецепта', 'Результаты анализов', 'Первичный приём']),
        participant: [{ actor: { reference: `Patient/${demoPatientId(region.seed, index)}` }, status: 'accepted' }],
      },
    });
  }
  return bookings;
}
