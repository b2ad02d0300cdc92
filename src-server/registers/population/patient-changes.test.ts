import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { applyPopulationChange } from './patient-changes.js';

const patient: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  name: [{ use: 'official', family: 'Ковалёва', given: ['Анна', 'Сергеевна'], text: 'Ковалёва Анна Сергеевна' }],
  address: [{ use: 'home', text: 'г. Минск, ул. Сурганова, 47, кв. 12' }],
  birthDate: '1990-05-04',
};

describe('population register changes on a Patient', () => {
  it('takes a new surname and keeps the old one as "old", ending the day before', () => {
    const changed = applyPopulationChange(patient, { seq: 1, kind: 'surname', personalNumber: 'x', effective: '2025-02-01', family: 'Новик' })!;
    expect(changed.name).toEqual([
      { use: 'official', family: 'Новик', given: ['Анна', 'Сергеевна'], period: { start: '2025-02-01' } },
      { use: 'old', family: 'Ковалёва', given: ['Анна', 'Сергеевна'], text: 'Ковалёва Анна Сергеевна', period: { end: '2025-01-31' } },
    ]);
    expect(applyPopulationChange(changed, { seq: 2, kind: 'surname', personalNumber: 'x', effective: '2025-02-01', family: 'Новик' })).toBeUndefined();
  });

  it('moves the person and keeps the old address', () => {
    const changed = applyPopulationChange(patient, { seq: 1, kind: 'address', personalNumber: 'x', effective: '2025-03-10', address: 'г. Гродно, ул. Ленина, 5' })!;
    expect(changed.address).toEqual([
      { use: 'home', type: 'physical', text: 'г. Гродно, ул. Ленина, 5', period: { start: '2025-03-10' } },
      { use: 'old', text: 'г. Минск, ул. Сурганова, 47, кв. 12', period: { end: '2025-03-09' } },
    ]);
  });

  it('records a death once', () => {
    const changed = applyPopulationChange({ ...patient, deceasedBoolean: false }, { seq: 1, kind: 'death', personalNumber: 'x', effective: '2025-04-01' })!;
    expect(changed.deceasedDateTime).toBe('2025-04-01');
    expect(changed.deceasedBoolean).toBeUndefined();
    expect(applyPopulationChange(changed, { seq: 2, kind: 'death', personalNumber: 'x', effective: '2025-04-01' })).toBeUndefined();
  });
});
