import type { Immunization } from '@medplum/fhirtypes';
import { CVX_SYSTEM, NATIONAL_CALENDAR, VACCINATION_CALENDAR_SYSTEM } from '../../../shared/domain/vaccination-calendar.js';
import { dateAtAge } from '../../../shared/domain/vaccination.js';
import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import { CHILDHOOD_SHOTS, COVID, INFLUENZA, TD_ADULT, TD_BOOSTER_AGES, type VaccineSpec } from '../catalog/vaccines.js';
import type { RecordBuilder } from './builder.js';

const INFECTION = new Map(NATIONAL_CALENDAR.map((series) => [series.code, series.infection]));
/** Childhood records reach back this far; older people's childhood shots were never digitised. */
const CHILDHOOD_RECORDS_YEARS = 18;

/**
 * Vaccinations by the national calendar: children's from birth (most on time, some late, a few
 * refused), adults' Td boosters every ten years, influenza in autumn for the elderly, and the
 * COVID-19 campaign of 2021.
 */
export function vaccinations(b: RecordBuilder): void {
  const { birthDate, sex } = b.person;
  if (birthDate >= addYears(b.today, -CHILDHOOD_RECORDS_YEARS)) {
    const refuses = b.random.chance(0.03);
    for (const shot of CHILDHOOD_SHOTS) {
      if (shot.sex && shot.sex !== sex) continue;
      const due = dateAtAge(birthDate, shot.age);
      if (shot.since && due < shot.since) continue;
      if (refuses && shot.age.unit !== 'd') continue;
      const given = addDays(due, b.random.chance(0.8) ? b.random.int(0, 14) : b.random.int(15, 60));
      if (given >= b.today || !b.random.chance(0.96)) continue;
      give(b, shot.vaccine, shot.age.unit === 'd' ? 'hospital' : 'polyclinic', given, shot.age.amount === 3 && shot.age.unit === 'd' ? 'ID' : 'IM');
    }
  }
  for (const age of TD_BOOSTER_AGES) {
    const due = addYears(birthDate, age);
    const given = b.workday(addDays(due, b.random.int(0, 200)));
    if (given >= b.today || due < addYears(b.today, -20) || !b.random.chance(0.7)) continue;
    give(b, TD_ADULT, 'polyclinic', given, 'IM');
  }
  const age = b.ageOn(b.today);
  if (age >= 60 && b.random.chance(0.5)) {
    for (let year = Number(b.today.slice(0, 4)) - 3; year <= Number(b.today.slice(0, 4)); year++) {
      const day = b.workday(`${year}-10-${String(b.random.int(1, 28)).padStart(2, '0')}`);
      if (day < b.today && b.random.chance(0.75)) give(b, INFLUENZA, 'polyclinic', day, 'IM');
    }
  }
  if (age >= 22 && b.random.chance(age >= 60 ? 0.6 : 0.4)) {
    const first = b.workday(`2021-${String(b.random.int(3, 10)).padStart(2, '0')}-${String(b.random.int(1, 20)).padStart(2, '0')}`);
    give(b, COVID, 'polyclinic', first, 'IM', 1);
    give(b, COVID, 'polyclinic', b.workday(addDays(first, 21)), 'IM', 2);
  }
}

function give(b: RecordBuilder, vaccine: VaccineSpec, at: 'polyclinic' | 'hospital', day: string, route: 'IM' | 'ID', doseNumber?: number): void {
  const codings = [
    ...vaccine.series.map((code) => ({ system: VACCINATION_CALENDAR_SYSTEM, code, display: INFECTION.get(code) ?? code })),
    ...(vaccine.cvx ? [{ system: CVX_SYSTEM, code: vaccine.cvx }] : []),
  ];
  const infant = b.ageOn(day) < 3;
  b.add<Immunization>({
    resourceType: 'Immunization',
    meta: b.meta(at),
    status: 'completed',
    vaccineCode: { ...(codings.length ? { coding: codings } : {}), text: vaccine.text },
    patient: b.subject,
    occurrenceDateTime: `${day}T${String(b.random.int(9, 16)).padStart(2, '0')}:${String(b.random.int(0, 5) * 10).padStart(2, '0')}:00+03:00`,
    primarySource: true,
    location: at === 'polyclinic' ? b.room('polyclinic', 'vaccination') : b.room('hospital', 'admission'),
    lotNumber: `${String.fromCharCode(65 + b.random.int(0, 25))}${b.random.int(100, 999)}${String.fromCharCode(65 + b.random.int(0, 25))}`,
    site: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActSite', code: infant ? 'LT' : 'LA', display: infant ? 'left thigh' : 'left arm' }] },
    route: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration', code: route === 'ID' ? 'IDINJ' : 'IM', display: route === 'ID' ? 'Injection, intradermal' : 'Injection, intramuscular' }] },
    performer: [
      { function: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0443', code: 'AP', display: 'Administering Provider' }] }, actor: b.practitioner(at === 'polyclinic' ? 'vaccinationNurse' : 'hospitalTherapist') },
      { actor: b.organization(at) },
    ],
    ...(doseNumber ? { protocolApplied: [{ doseNumberPositiveInt: doseNumber }] } : {}),
  });
}
