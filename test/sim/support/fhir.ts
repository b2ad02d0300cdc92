import type { Appointment, Encounter, Location, Organization, Patient, Practitioner, PractitionerRole, Resource, Schedule, Slot } from '@medplum/fhirtypes';
import { makePersonalNumber } from '../../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';

/**
 * FHIR resources for sync tests and the simulation, valid R4 as Central checks them. Plain data
 * builders, no I/O: the Central side seeds them, the workstation side queues them as mutations.
 */
export type WithId<T extends Resource> = T & { id: string };

const FAMILIES = ['Иванов', 'Ковалёв', 'Жук', 'Новик', 'Шевчук', 'Кравченко', 'Мельник', 'Бондарь'];
const GIVEN = { male: ['Андрей', 'Сергей', 'Павел', 'Олег'], female: ['Анна', 'Мария', 'Ольга', 'Ирина'] };

/** Person number `n` of the population: the same n is the same person (same personal number). */
export function personOf(n: number): { family: string; given: string; gender: 'male' | 'female'; birthDate: string; personalNumber: string } {
  const gender = n % 2 === 0 ? 'male' : 'female';
  const family = FAMILIES[n % FAMILIES.length]! + (gender === 'female' ? 'а' : '');
  const given = GIVEN[gender][Math.floor(n / 2) % 4]!;
  const birthDate = `${1950 + (n % 50)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  return { family, given, gender, birthDate, personalNumber: makePersonalNumber(birthDate, gender, 'H', n % 1000) };
}

export function patient(id: string, n: number, organizationId?: string): WithId<Patient> {
  const person = personOf(n);
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
    name: [{ use: 'official', family: person.family, given: [person.given] }],
    gender: person.gender,
    birthDate: person.birthDate,
    ...(organizationId ? { managingOrganization: { reference: `Organization/${organizationId}` } } : {}),
  };
}

export function encounter(id: string, patientId: string, organizationId: string, start: Date): WithId<Encounter> {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: `Organization/${organizationId}` },
    period: { start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString() },
  };
}

export function appointment(id: string, slot: Slot & { id: string }, patientId: string): WithId<Appointment> {
  return {
    resourceType: 'Appointment',
    id,
    status: 'booked',
    slot: [{ reference: `Slot/${slot.id}` }],
    start: slot.start,
    end: slot.end,
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
  };
}

export interface Clinic {
  organizationId: string;
  directory: WithId<Organization | Practitioner | PractitionerRole | Location | Schedule>[];
  slots: WithId<Slot>[];
}

/** A clinic's directory and `slotCount` free 15-minute slots starting tomorrow morning. */
export function clinic(organizationId: string, slotCount: number, now: Date): Clinic {
  const practitionerId = `${organizationId}-doctor`;
  const roleId = `${organizationId}-role`;
  const scheduleId = `${organizationId}-schedule`;
  const directory: Clinic['directory'] = [
    { resourceType: 'Organization', id: organizationId, name: `Поликлиника ${organizationId}`, active: true },
    { resourceType: 'Practitioner', id: practitionerId, name: [{ family: 'Лекарь', given: ['Анна'] }] },
    { resourceType: 'PractitionerRole', id: roleId, practitioner: { reference: `Practitioner/${practitionerId}` }, organization: { reference: `Organization/${organizationId}` } },
    { resourceType: 'Location', id: `${organizationId}-room`, name: 'Кабинет 1', managingOrganization: { reference: `Organization/${organizationId}` } },
    { resourceType: 'Schedule', id: scheduleId, actor: [{ reference: `PractitionerRole/${roleId}` }] },
  ];
  const morning = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8));
  const slots = Array.from({ length: slotCount }, (_, i): WithId<Slot> => {
    const start = new Date(morning.getTime() + i * 15 * 60_000);
    return { resourceType: 'Slot', id: `${organizationId}-slot-${i}`, schedule: { reference: `Schedule/${scheduleId}` }, status: 'free', start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString() };
  });
  return { organizationId, directory, slots };
}
