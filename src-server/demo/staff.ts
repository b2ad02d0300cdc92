import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { StaffRole } from '../../shared/domain/roles.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { demoUuid } from './ids.js';
import type { DemoInstitution, InstitutionKey } from './institutions.js';
import { demoPerson, type DemoPerson } from './people.js';

/**
 * The people who work in the demo region. Those with a user name get a staff account; the others
 * appear in records (the surgeon who operated, the paramedic who came). Their names come from
 * demoPerson at indexes of their own, so they never coincide with a demo patient.
 */
export interface StaffSpec {
  key: string;
  at: InstitutionKey;
  title: string;
  role: StaffRole;
  specialty?: { code: string; display: string; text: string };
  room?: string;
  username?: string;
}

const specialty = (code: string, display: string, text: string) => ({ code, display, text });
const GP = specialty('394814009', 'General practice', 'Терапия');
const PEDIATRICS = specialty('394537008', 'Pediatric specialty', 'Педиатрия');
const NEUROLOGY = specialty('394591006', 'Neurology', 'Неврология');
const SURGERY = specialty('394609007', 'General surgery', 'Хирургия');
const OPHTHALMOLOGY = specialty('394594003', 'Ophthalmology', 'Офтальмология');
const CARDIOLOGY = specialty('394579002', 'Cardiology', 'Кардиология');
const GYNECOLOGY = specialty('394585009', 'Obstetrics and gynecology', 'Акушерство и гинекология');
const ENT = specialty('418960008', 'Otolaryngology', 'Оториноларингология');
const RADIOLOGY = specialty('394914008', 'Radiology', 'Лучевая диагностика');
const TRAUMA = specialty('394801008', 'Trauma and orthopedics', 'Травматология и ортопедия');
const EMERGENCY = specialty('773568002', 'Emergency medicine', 'Скорая медицинская помощь');
const LAB = specialty('394596001', 'Chemical pathology', 'Клиническая лабораторная диагностика');

export const STAFF: readonly StaffSpec[] = [
  { key: 'therapist1', at: 'polyclinic', title: 'Врач-терапевт участковый', role: 'doctor', specialty: GP, room: '201', username: 'doctor' },
  { key: 'therapist2', at: 'polyclinic', title: 'Врач-терапевт участковый', role: 'doctor', specialty: GP, room: '203' },
  { key: 'therapist3', at: 'polyclinic', title: 'Врач-терапевт участковый', role: 'doctor', specialty: GP, room: '205' },
  { key: 'pediatrician', at: 'polyclinic', title: 'Врач-педиатр участковый', role: 'doctor', specialty: PEDIATRICS, room: '112', username: 'doctor2' },
  { key: 'neurologist', at: 'polyclinic', title: 'Врач-невролог', role: 'doctor', specialty: NEUROLOGY, room: '310' },
  { key: 'surgeon', at: 'polyclinic', title: 'Врач-хирург', role: 'doctor', specialty: SURGERY, room: '315' },
  { key: 'ophthalmologist', at: 'polyclinic', title: 'Врач-офтальмолог', role: 'doctor', specialty: OPHTHALMOLOGY, room: '318' },
  { key: 'cardiologist', at: 'polyclinic', title: 'Врач-кардиолог', role: 'doctor', specialty: CARDIOLOGY, room: '320' },
  { key: 'radiologist', at: 'polyclinic', title: 'Врач-рентгенолог', role: 'doctor', specialty: RADIOLOGY, room: 'xray' },
  { key: 'diagnostician', at: 'polyclinic', title: 'Врач функциональной диагностики', role: 'doctor', specialty: RADIOLOGY, room: 'ultrasound' },
  { key: 'nurse', at: 'polyclinic', title: 'Медицинская сестра участковая', role: 'nurse', room: '201', username: 'nurse' },
  { key: 'vaccinationNurse', at: 'polyclinic', title: 'Медицинская сестра прививочного кабинета', role: 'nurse', room: 'vaccination' },
  { key: 'registrar', at: 'polyclinic', title: 'Медицинский регистратор', role: 'registrar', room: 'registry', username: 'registrar' },
  { key: 'admin', at: 'polyclinic', title: 'Заместитель главного врача', role: 'clinic-admin', room: 'office', username: 'admin' },
  { key: 'privacy', at: 'polyclinic', title: 'Ответственный за защиту персональных данных', role: 'privacy-officer', room: 'office', username: 'privacy' },
  { key: 'gynecologist', at: 'private', title: 'Врач — акушер-гинеколог', role: 'doctor', specialty: GYNECOLOGY, room: 'gyn', username: 'private-doctor' },
  { key: 'ent', at: 'private', title: 'Врач-оториноларинголог', role: 'doctor', specialty: ENT, room: 'ent' },
  { key: 'sonographer', at: 'private', title: 'Врач ультразвуковой диагностики', role: 'doctor', specialty: RADIOLOGY, room: 'ultrasound' },
  { key: 'privateRegistrar', at: 'private', title: 'Администратор', role: 'registrar', room: 'reception', username: 'private-registrar' },
  { key: 'privateAdmin', at: 'private', title: 'Директор', role: 'clinic-admin', room: 'reception', username: 'private-admin' },
  { key: 'hospitalTherapist', at: 'hospital', title: 'Врач-терапевт', role: 'doctor', specialty: GP, room: 'therapy', username: 'hospital-doctor' },
  { key: 'hospitalSurgeon', at: 'hospital', title: 'Врач-хирург', role: 'doctor', specialty: SURGERY, room: 'surgery' },
  { key: 'hospitalCardiologist', at: 'hospital', title: 'Врач-кардиолог', role: 'doctor', specialty: CARDIOLOGY, room: 'cardiology' },
  { key: 'traumatologist', at: 'hospital', title: 'Врач-травматолог-ортопед', role: 'doctor', specialty: TRAUMA, room: 'trauma' },
  { key: 'hospitalNeurologist', at: 'hospital', title: 'Врач-невролог', role: 'doctor', specialty: NEUROLOGY, room: 'neurology' },
  { key: 'eyeSurgeon', at: 'hospital', title: 'Врач-офтальмолог (хирург)', role: 'doctor', specialty: OPHTHALMOLOGY, room: 'theatre' },
  { key: 'labDoctor', at: 'laboratory', title: 'Врач клинической лабораторной диагностики', role: 'doctor', specialty: LAB, room: 'lab' },
  { key: 'ambulanceDoctor', at: 'ambulance', title: 'Врач скорой медицинской помощи', role: 'doctor', specialty: EMERGENCY, room: 'substation' },
  { key: 'paramedic', at: 'ambulance', title: 'Фельдшер скорой медицинской помощи', role: 'nurse', specialty: EMERGENCY, room: 'substation' },
];

export type StaffKey = (typeof STAFF)[number]['key'];

export interface DemoStaffMember {
  spec: StaffSpec;
  person: DemoPerson;
  practitioner: Practitioner & { id: string };
  role: PractitionerRole & { id: string };
}

/** Staff are people of working age, drawn from indexes far above any patient's or registrant's. */
const STAFF_INDEX_BASE = 900_000;

export function demoStaff(seed: number, institutions: Record<InstitutionKey, DemoInstitution>, today: string): DemoStaffMember[] {
  let next = STAFF_INDEX_BASE;
  return STAFF.map((spec) => {
    let person = demoPerson(next++, seed);
    while (!workingAge(person.birthDate, today)) person = demoPerson(next++, seed);
    return member(seed, spec, person, institutions[spec.at]);
  });
}

function workingAge(birthDate: string, today: string): boolean {
  const age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return age >= 27 && age <= 63;
}

function member(seed: number, spec: StaffSpec, person: DemoPerson, at: DemoInstitution): DemoStaffMember {
  const practitioner: Practitioner & { id: string } = {
    resourceType: 'Practitioner',
    id: demoUuid(seed, 'Practitioner', spec.key),
    ...(spec.username ? { identifier: [{ system: SYSTEMS.username, value: spec.username }] } : {}),
    active: true,
    name: [{ use: 'official', family: person.family, given: person.patronymic ? [person.given, person.patronymic] : [person.given], text: `${person.family} ${person.given} ${person.patronymic ?? ''}`.trim() }],
    telecom: [{ system: 'phone', value: at.organization.telecom?.[0]?.value ?? '', use: 'work' }],
    gender: person.sex,
    qualification: [{ code: { text: spec.title } }],
  };
  const room = spec.room ? at.rooms[spec.room] : undefined;
  const role: PractitionerRole & { id: string } = {
    resourceType: 'PractitionerRole',
    id: demoUuid(seed, 'PractitionerRole', spec.key),
    active: true,
    practitioner: { reference: `Practitioner/${practitioner.id}`, display: practitioner.name![0]!.text },
    organization: { reference: `Organization/${at.organization.id}`, display: at.organization.alias?.[0] },
    code: [{ coding: [{ system: SYSTEMS.role, code: spec.role }], text: spec.title }],
    ...(spec.specialty ? { specialty: [{ coding: [{ system: SYSTEMS.snomed, code: spec.specialty.code, display: spec.specialty.display }], text: spec.specialty.text }] } : {}),
    ...(room ? { location: [{ reference: `Location/${room.id}`, display: room.name }] } : {}),
  };
  return { spec, person, practitioner, role };
}
