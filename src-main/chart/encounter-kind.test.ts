import type { Encounter, Procedure } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ENCOUNTER_KIND_SYSTEM, encounterKind } from './encounter-kind.js';
import { institutionKind, INSTITUTION_KIND_SYSTEM } from './institutions.js';

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const visit = (classCode: string | null, type?: Encounter['type']): Encounter =>
  ({
    resourceType: 'Encounter',
    status: 'finished',
    ...(classCode ? { class: { system: ACT, code: classCode } } : {}),
    ...(type ? { type } : {}),
  }) as Encounter;
const snomed = (code: string, display: string) => [{ coding: [{ system: 'http://snomed.info/sct', code, display }] }];
const surgical: Procedure = { resourceType: 'Procedure', status: 'completed', subject: {}, category: { coding: [{ system: 'http://snomed.info/sct', code: '387713003' }] } };

describe('encounterKind', () => {
  it('maps HL7 v3 and Synthea class codes', () => {
    const kinds = ['AMB', 'IMP', 'ACUTE', 'EMER', 'FLD', 'SS', 'VR', 'HH', 'ambulatory', 'wellness', 'emergency', 'inpatient', 'urgentcare'].map((code) => [code, encounterKind(visit(code), [], 'unknown')]);
    expect(Object.fromEntries(kinds)).toEqual({
      AMB: 'outpatient',
      IMP: 'inpatient',
      ACUTE: 'inpatient',
      EMER: 'ambulance',
      FLD: 'ambulance',
      SS: 'inpatient',
      VR: 'outpatient',
      HH: 'outpatient',
      ambulatory: 'outpatient',
      wellness: 'preventive',
      emergency: 'ambulance',
      inpatient: 'inpatient',
      urgentcare: 'outpatient',
    });
  });

  it('prefers our own kind code over everything else', () => {
    const type = [{ coding: [{ system: ENCOUNTER_KIND_SYSTEM, code: 'preventive' }] }];
    expect(encounterKind(visit('IMP', type), [surgical], 'ambulance')).toBe('preventive');
  });

  it('reads check-ups, operations and emergency visits from SNOMED types (Synthea well child visit)', () => {
    expect(encounterKind(visit('AMB', snomed('410620009', 'Well child visit (procedure)')), [], 'unknown')).toBe('preventive');
    expect(encounterKind(visit('AMB', snomed('162673000', 'General examination of patient (procedure)')), [], 'unknown')).toBe('preventive');
    expect(encounterKind(visit('IMP', snomed('305408004', 'Admission to surgical department')), [], 'unknown')).toBe('surgery');
    expect(encounterKind(visit('AMB', snomed('50849002', 'Emergency room admission')), [], 'unknown')).toBe('ambulance');
    expect(encounterKind(visit('AMB', snomed('185345009', 'Encounter for symptom')), [], 'unknown')).toBe('outpatient');
  });

  it('files a stay with an operation under surgery, but an ambulance call stays an ambulance call', () => {
    expect(encounterKind(visit('IMP'), [surgical], 'hospital')).toBe('surgery');
    expect(encounterKind(visit('EMER'), [surgical], 'ambulance')).toBe('ambulance');
    expect(encounterKind(visit('IMP'), [{ ...surgical, status: 'entered-in-error' }], 'hospital')).toBe('inpatient');
  });

  it('falls back to the provider when no class is given', () => {
    expect(encounterKind(visit(null), [], 'ambulance')).toBe('ambulance');
    expect(encounterKind(visit(null), [], 'hospital')).toBe('inpatient');
    expect(encounterKind(visit(null), [], 'unknown')).toBe('other');
  });
});

describe('institutionKind', () => {
  it('reads our code first', () => {
    expect(institutionKind({ resourceType: 'Organization', type: [{ coding: [{ system: INSTITUTION_KIND_SYSTEM, code: 'private' }] }] }, 'УЗ «Поликлиника»')).toBe('private');
  });

  it('reads the kind from Russian, Belarusian and English names', () => {
    const cases: [string, string][] = [
      ['УЗ «10-я городская клиническая больница»', 'hospital'],
      ['УАЗ «Гродзенская абласная клінічная бальніца»', 'hospital'],
      ['Городская станция скорой медицинской помощи', 'ambulance'],
      ['Станцыя хуткай медыцынскай дапамогі', 'ambulance'],
      ['Лаборатория «Синэво»', 'laboratory'],
      ['ООО «Медицинский центр Нордин»', 'private'],
      ['Медыцынскі цэнтр «Кравira»', 'private'],
      ['УЗ «14-я городская поликлиника» г. Минска', 'state'],
      ['Гомельская гарадская паліклініка № 3', 'state'],
      ['PCP24285', 'unknown'],
      ['HALLMARK HEALTH SYSTEM hospital', 'hospital'],
      ['УЗ «ГКБСМП»', 'hospital'],
      ['УЗ «ГССМП»', 'ambulance'],
      ['ООО «ЛабДиагностика»', 'laboratory'],
      ['ООО «МЦ «Здоровая семья»', 'private'],
      ['УЗ «10-я ГКП»', 'state'],
      ['Слуцкая ЦРБ', 'hospital'],
    ];
    expect(cases.map(([name]) => [name, institutionKind(undefined, name)])).toEqual(cases);
  });
});

describe('encounterKind with Central’s finer kinds', () => {
  it('files home visits, vaccinations and diagnostic visits as outpatient visits', () => {
    for (const code of ['home-visit', 'vaccination', 'diagnostic']) {
      expect(encounterKind(visit('AMB', [{ coding: [{ system: ENCOUNTER_KIND_SYSTEM, code }] }]), [], 'unknown')).toBe('outpatient');
    }
  });
});
