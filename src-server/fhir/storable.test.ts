import { describe, expect, it } from 'vitest';
import { findUnstorable } from './storable.js';

describe('findUnstorable', () => {
  it('accepts ordinary resources, Cyrillic and emoji included', () => {
    expect(findUnstorable({ resourceType: 'Patient', name: [{ family: 'Жук', text: 'Пётр 👍' }], multipleBirthInteger: 2 }, 'Patient')).toBeUndefined();
  });

  it('names the path of NUL characters, lone surrogates and numbers past a double', () => {
    expect(findUnstorable({ name: [{ family: 'a\u0000b' }] }, 'Patient')).toBe('Patient.name[0].family');
    expect(findUnstorable({ name: [{ given: ['ok', '\ud800'] }] }, 'Patient')).toBe('Patient.name[0].given[1]');
    expect(findUnstorable({ valueQuantity: { value: JSON.parse('1e400') } }, 'Observation')).toBe('Observation.valueQuantity.value');
    expect(findUnstorable({ ['bad\u0000key']: 1 }, 'Patient')).toBe('Patient');
  });
});
