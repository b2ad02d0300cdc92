import type { Resource } from '@medplum/fhirtypes';
import { demoInstitutions, INSTITUTION_KEYS, type DemoInstitution, type InstitutionKey } from './institutions.js';
import type { RegionContext } from './record/builder.js';
import { demoPatientRecord, type DemoPatientRecord } from './record/record.js';
import { demoSchedule, type DemoSchedule } from './schedule.js';
import { demoStaff, type DemoStaffMember } from './staff.js';
import { minskDate } from './time.js';
import { DEFAULT_DEMO_SEED } from './people.js';

export interface DemoRegionOptions {
  seed?: number;
  /** How many patients (indexes 0..patients-1 of demoPerson). */
  patients: number;
  /** The Minsk date histories end on and schedules start from; defaults to today. */
  today?: string;
  /** First patient index (for generating a large region in slices). */
  from?: number;
}

export interface DemoRegion {
  seed: number;
  today: string;
  institutions: Record<InstitutionKey, DemoInstitution>;
  staff: DemoStaffMember[];
  /** Organizations, Locations, Practitioners and PractitionerRoles. */
  directory: Resource[];
  /** Patients one at a time: a region of a million patients never sits in memory at once. */
  patients(): Generator<DemoPatientRecord>;
  /** The indexes of the region's patients, and one patient's record by index. */
  indexes: { from: number; count: number };
  patient(index: number): DemoPatientRecord;
  /** Schedules and Slots for the polyclinic's doctors for 14 days from today, with appointments booked. */
  schedule(): DemoSchedule;
}

/**
 * The demo region as FHIR resources, deterministic in (seed, today): Central's demo start-up
 * writes it (seed.ts), benchmarks generate it at any size and post it as transaction bundles
 * (bundles.ts). Nothing here touches a database.
 */
export function generateDemoRegion(options: DemoRegionOptions): DemoRegion {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const today = options.today ?? minskDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  if (!Number.isSafeInteger(options.patients) || options.patients < 0) throw new RangeError(`patients must be a whole number, got ${options.patients}`);
  const institutions = demoInstitutions(seed);
  const staff = demoStaff(seed, institutions, today);
  const context: RegionContext = { seed, today, institutions, staff: new Map(staff.map((member) => [member.spec.key, member])) };
  const from = options.from ?? 0;
  const directory: Resource[] = [
    ...INSTITUTION_KEYS.map((key) => institutions[key].organization),
    ...INSTITUTION_KEYS.flatMap((key) => [institutions[key].building, ...Object.values(institutions[key].rooms)]),
    ...staff.flatMap((member) => [member.practitioner, member.role]),
  ];
  return {
    seed,
    today,
    institutions,
    staff,
    directory,
    *patients() {
      for (let index = from; index < from + options.patients; index++) yield demoPatientRecord(context, index);
    },
    indexes: { from, count: options.patients },
    patient: (index) => demoPatientRecord(context, index),
    schedule: () => demoSchedule(context, { from, count: options.patients }),
  };
}
