import { describe, expect, it } from 'vitest';
import { ENCOUNTER_KIND_CODES, encounterClassOf, encounterKindCoding, encounterKindOf } from './encounter-kinds.js';

describe('encounter kinds', () => {
  it('reads back every kind from the codings Central writes', () => {
    for (const kind of ENCOUNTER_KIND_CODES) {
      expect(encounterKindOf({ class: encounterClassOf(kind), type: [{ coding: [encounterKindCoding(kind)] }] })).toBe(kind);
    }
  });

  it('tells a stay, an operation and a preventive examination apart although their classes repeat', () => {
    expect(encounterClassOf('surgery').code).toBe(encounterClassOf('inpatient').code);
    expect(encounterClassOf('preventive').code).toBe(encounterClassOf('outpatient').code);
    expect(encounterKindOf({ class: encounterClassOf('surgery', 'SS'), type: [{ coding: [encounterKindCoding('surgery')] }] })).toBe('surgery');
  });

  it('falls back to the class for records from other systems', () => {
    const from = (code: string) => encounterKindOf({ class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code } });
    expect(from('EMER')).toBe('ambulance');
    expect(from('IMP')).toBe('inpatient');
    expect(from('HH')).toBe('home-visit');
    expect(from('AMB')).toBe('outpatient');
    expect(encounterKindOf({ type: [{ coding: [{ system: 'https://medkarta.by/fhir/CodeSystem/encounter-kind', code: 'toString' }] }] })).toBe('outpatient');
  });
});
