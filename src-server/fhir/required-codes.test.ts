import { describe, expect, it } from 'vitest';
import { checkRequiredCodes, valueSetCodes } from './required-codes.js';
import { loadDefinitions } from './validation.js';

describe('required code bindings', () => {
  loadDefinitions();

  it('expands value sets from the R4 definitions', () => {
    expect([...valueSetCodes('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1')!].sort()).toEqual(['female', 'male', 'other', 'unknown']);
    expect(valueSetCodes('http://hl7.org/fhir/ValueSet/observation-status')!.has('final')).toBe(true);
    // Languages come from an external code system: not checkable from the definitions alone.
    expect(valueSetCodes('http://hl7.org/fhir/ValueSet/all-languages')).toBeUndefined();
  });

  it('names every code outside its required value set, in data types and backbone elements too', () => {
    const issues = checkRequiredCodes({
      resourceType: 'Patient',
      gender: 'yes',
      telecom: [{ system: 'phone', value: '1' }, { system: 'pigeon', value: '2' }],
      contact: [{ gender: 'female' }, { gender: 'sometimes' }],
    } as { resourceType: string });
    expect(issues.map((issue) => issue.expression![0]).sort()).toEqual(['Patient.contact[1].gender', 'Patient.gender', 'Patient.telecom[1].system']);
  });

  it('accepts valid codes', () => {
    expect(checkRequiredCodes({ resourceType: 'Observation', status: 'final', code: { text: 'x' } } as { resourceType: string })).toEqual([]);
  });
});
