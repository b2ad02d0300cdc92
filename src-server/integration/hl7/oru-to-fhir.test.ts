import type { DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { oruMessage } from '../../../test/fixtures/integration/hl7-messages.js';
import { demoPerson } from '../../demo/people.js';
import { buildAck } from './ack.js';
import type { Hl7Error } from './message.js';
import { convertOru, hl7Base } from './oru-to-fhir.js';
import { parseHl7 } from './parse.js';

const person = demoPerson(17);
const message = (overrides: Partial<Parameters<typeof oruMessage>[0]> = {}) => oruMessage({ facility: '700001027', controlId: 'M1', orderId: 'ORD-9', person, ...overrides });
const failure = (text: string) => {
  try {
    convertOru(parseHl7(text), '700001027');
  } catch (error) {
    return error as Hl7Error;
  }
  throw new Error('converted');
};

describe('ORU^R01 to FHIR', () => {
  const { bundle, origins } = convertOru(parseHl7(message()), '700001027');
  const resources = bundle.entry!.map((e) => e.resource!);
  const patient = resources[0] as Patient;
  const report = resources[1] as DiagnosticReport;
  const observations = resources.slice(2) as Observation[];

  it('names the patient by the laboratory\'s number and the personal number', () => {
    expect(patient.identifier).toEqual([
      { system: `${hl7Base('700001027')}/patient/LAB`, value: 'L17' },
      { system: SYSTEMS.personalNumber, value: person.personalNumber },
    ]);
    expect(patient).toMatchObject({ name: [{ family: person.family, given: [person.given, person.patronymic] }], birthDate: person.birthDate, gender: person.sex });
  });

  it('makes a DiagnosticReport per order and an Observation per result, with units, ranges, flags and notes', () => {
    expect(report).toMatchObject({ status: 'final', identifier: [{ value: 'ORD-9' }], code: { coding: [{ system: 'http://loinc.org', code: '57021-8' }] }, effectiveDateTime: '2025-03-14T08:30:00+03:00', issued: '2025-03-14T10:10:00+03:00' });
    expect(report.result).toHaveLength(5);
    expect(observations[0]).toMatchObject({
      status: 'final',
      identifier: [{ value: 'ORD-9/718-7' }],
      valueQuantity: { value: 104, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
      referenceRange: [{ low: { value: 120, unit: 'g/L' }, high: { value: 160, unit: 'g/L' } }],
      interpretation: [{ coding: [{ code: 'L' }] }],
      effectiveDateTime: '2025-03-14T09:00:00+03:00',
      note: [{ text: 'Повторить через 2 недели\nконтроль ферритина' }],
    });
    expect(observations[1]!.effectiveDateTime).toBe('2025-03-14T08:30:00+03:00'); // from OBR-7
    expect(observations[2]!.valueQuantity).toMatchObject({ comparator: '>', value: 450 });
    expect(observations[3]!.valueString).toBe('соломенно-жёлтый');
    expect(observations[4]!.valueQuantity!.value).toBe(5.2);
    expect(origins.map((o) => `${o.segment}${o.sequence}`)).toEqual(['PID2', 'OBR5', 'OBX6', 'OBX8', 'OBX9', 'OBX10', 'OBX11']);
  });

  it('withdraws results marked W and marks corrections', () => {
    const withdrawn = convertOru(parseHl7(message({ resultStatus: 'W' })), 'f').bundle.entry!.map((e) => e.resource as Observation);
    expect(withdrawn.slice(2).every((o) => o.status === 'entered-in-error')).toBe(true);
    const corrected = convertOru(parseHl7(message({ resultStatus: 'C' })), 'f').bundle.entry!.map((e) => e.resource as Observation);
    expect(corrected[1]!.status).toBe('corrected');
  });

  it('reports every problem with its segment and field, and the ACK says so in ERR', () => {
    const bad = message({ hemoglobin: 'много' }).replace('|4.0-9.0|N|||F', '|4.0-9.0|ZZ|||F').replace(/\|19\d\d\d\d\d\d\||\|20\d\d\d\d\d\d\|/, '|19991340|');
    const error = failure(bad);
    expect(error.problems.map((p) => `${p.location.segment}^${p.location.sequence}^${p.location.field} ${p.code}`)).toEqual(['PID^2^7 102', 'OBX^6^5 102', 'OBX^8^8 103']);
    const ack = buildAck(parseHl7(bad), 'AE', error.message, error.problems, new Date('2025-03-14T07:15:00Z')).split('\r');
    expect(ack[0]).toMatch(/^MSH\|\^~\\&\|MEDKARTA\|MEDKARTA\|LIS\|700001027\|20250314071500\|\|ACK\^R01\^ACK\|[\w-]+\|P\|2\.5\.1$/);
    expect(ack[1]).toMatch(/^MSA\|AE\|M1\|/);
    expect(ack[3]).toBe('ERR||OBX^6^5|102^Data type error^HL70357|E||||OBX-5 must be a number when OBX-2 is NM');
  });

  it('refuses results out of order and messages without results', () => {
    const noObr = message().split('\r').filter((s) => !s.startsWith('OBR')).join('\r');
    expect(failure(noObr).problems[0]).toMatchObject({ location: { segment: 'OBX', sequence: 5 }, code: '100' });
    const noResults = message().split('\r').filter((s) => !s.startsWith('OBX')).join('\r');
    expect(failure(noResults).message).toMatch(/no results/);
    const noIds = message().replace(/PID\|1\|\|[^|]*\|/, 'PID|1|||');
    expect(failure(noIds).problems[0]).toMatchObject({ location: { segment: 'PID', field: 3 }, code: '101' });
  });
});
