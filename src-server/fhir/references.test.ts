import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { refuseBundleLocalReferences, rewriteReferences } from './references.js';

const observation = (): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'Гемоглобин' },
  subject: { reference: 'urn:uuid:patient' },
  performer: [{ reference: 'Practitioner/p1' }, { reference: 'urn:uuid:lab' }],
});

const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    return error as OperationOutcomeError;
  }
  throw new Error('no refusal');
};

describe('bundle-local references', () => {
  it('rewrites every urn the bundle assigned, at any depth, and leaves other references alone', () => {
    const resource = observation();
    rewriteReferences(resource, new Map([['urn:uuid:patient', 'Patient/a'], ['urn:uuid:lab', 'Organization/b']]));
    expect(resource.subject?.reference).toBe('Patient/a');
    expect(resource.performer?.map((p) => p.reference)).toEqual(['Practitioner/p1', 'Organization/b']);
  });

  it('refuses a urn nothing in the bundle defines with a 400 naming where it is', () => {
    const error = refusal(() => rewriteReferences(observation(), new Map([['urn:uuid:patient', 'Patient/a']])));
    expect(error).toBeInstanceOf(OperationOutcomeError);
    expect(error.status).toBe(400);
    expect(error.outcome.issue?.[0]?.expression).toEqual(['Observation.performer[1].reference']);
  });

  it('refuses any urn left in a resource about to be stored', () => {
    const error = refusal(() => refuseBundleLocalReferences(observation()));
    expect(error.outcome.issue?.[0]?.expression).toEqual(['Observation.subject.reference']);
    expect(() => refuseBundleLocalReferences({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/a' } })).not.toThrow();
  });
});
