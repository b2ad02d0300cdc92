import type { Location, Meta, Organization, Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import { addDays, ageInYears } from '../../../shared/domain/vaccination-dates.js';
import { demoUuid } from '../ids.js';
import type { DemoInstitution, InstitutionKey } from '../institutions.js';
import type { DemoPerson } from '../people.js';
import type { Random } from '../random.js';
import type { DemoStaffMember } from '../staff.js';
import { at, daysBetween, weekday } from '../time.js';

/** The polyclinic's district therapists; a patient belongs to one by the district they live in. */
export const THERAPISTS = ['therapist1', 'therapist2', 'therapist3'] as const;

/** What every patient's record is written against: the region's institutions and staff, and today. */
export interface RegionContext {
  seed: number;
  /** Minsk date the demo is generated for: histories end today, schedules start today. */
  today: string;
  institutions: Record<InstitutionKey, DemoInstitution>;
  staff: ReadonlyMap<string, DemoStaffMember>;
}

/** What a patient's illnesses do to their lab values, set by the stories as they are told. */
export interface Health {
  diabetesSince?: string;
  hypothyroidSince?: string;
  statinSince?: string;
  hypercholesterolemia?: boolean;
  anemia?: boolean;
  obese?: boolean;
  fattyLiver?: boolean;
}

/**
 * Collects one patient's resources with deterministic ids, and hands out the references every
 * resource needs: the patient, the institution that recorded it, the practitioner who did.
 */
export class RecordBuilder {
  readonly resources: Resource[] = [];
  readonly health: Health = {};
  private counter = 0;

  constructor(
    readonly region: RegionContext,
    readonly person: DemoPerson,
    readonly patientId: string,
    readonly random: Random,
  ) {}

  get today(): string {
    return this.region.today;
  }

  get subject(): Reference<Patient> {
    return { reference: `Patient/${this.patientId}`, display: `${this.person.family} ${this.person.given} ${this.person.patronymic ?? ''}`.trim() };
  }

  ageOn(date: string): number {
    return ageInYears(this.person.birthDate, date);
  }

  /** Adds a resource under a fresh id and returns it with that id. */
  add<T extends Resource>(resource: T): T & { id: string } {
    const withId = { ...resource, id: demoUuid(this.region.seed, 'record', this.person.index, this.counter++) };
    this.resources.push(withId);
    return withId;
  }

  organization(key: InstitutionKey): Reference<Organization> {
    const organization = this.region.institutions[key].organization;
    return { reference: `Organization/${organization.id}`, display: organization.alias?.[0] ?? organization.name };
  }

  staffMember(key: string): DemoStaffMember {
    const member = this.region.staff.get(key);
    if (!member) throw new RangeError(`No demo staff member "${key}"`);
    return member;
  }

  practitioner(key: string): Reference<Practitioner> {
    const { practitioner } = this.staffMember(key);
    return { reference: `Practitioner/${practitioner.id}`, display: practitioner.name?.[0]?.text };
  }

  institutionOf(staffKey: string): InstitutionKey {
    return this.staffMember(staffKey).spec.at;
  }

  room(at: InstitutionKey, key: string): Reference<Location> | undefined {
    const room = this.region.institutions[at].rooms[key];
    return room && { reference: `Location/${room.id}`, display: room.name };
  }

  /** The doctor a patient of this age sees at the polyclinic: the pediatrician until 18, then their therapist. */
  doctorOn(date: string): string {
    return this.ageOn(date) < 18 ? 'pediatrician' : THERAPISTS[this.person.index % THERAPISTS.length]!;
  }

  /** A day between `from` and `to` (inclusive), never before birth or after today. */
  dayBetween(from: string, to: string): string {
    const start = from < this.person.birthDate ? this.person.birthDate : from;
    // Histories end yesterday: nothing recorded today is finished yet when the demo starts.
    const yesterday = addDays(this.today, -1);
    const end = to > yesterday ? yesterday : to;
    const span = Math.max(0, daysBetween(start, end));
    return addDays(start, this.random.int(0, span));
  }

  /** The working day a visit falls on: a weekend date moves back to Friday. */
  workday(date: string): string {
    const day = weekday(date);
    return day === 6 ? addDays(date, -1) : day === 0 ? addDays(date, -2) : date;
  }

  /** A consultation time on a working day's grid (12-minute appointments, 8:00 to 19:36). */
  visitTime(date: string): string {
    return at(date, 8, this.random.int(0, 58) * 12);
  }

  /** An adult's height and usual weight: the same person on every scale, give or take a kilo or two. */
  adultBody(): { height: number; weight: number } {
    const [mean, spread] = this.person.sex === 'male' ? [177, 7] : [164, 6];
    const height = mean + ((this.person.index * 7919) % (2 * spread + 1)) - spread;
    const bmi = this.health.obese ? 31 + (this.person.index % 7) : 21 + (this.person.index % 8) * 0.9;
    return { height, weight: Math.round(bmi * (height / 100) ** 2 + this.random.int(-2, 2)) };
  }

  /** meta.source: the information system of the institution that sent the record (by its УНП). */
  meta(at: InstitutionKey): Meta {
    const unp = this.region.institutions[at].organization.identifier?.[0]?.value;
    return { source: `urn:medkarta:his:${unp}` };
  }
}
