import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { component, HL7_ERROR, Hl7Error, type Hl7Location, type Hl7Message, type Hl7Problem, type Segment } from './message.js';
import { patientFromPid } from './oru-patient.js';
import { observationFromObx, reportFromObr } from './oru-results.js';
import { hl7DateTime } from './values.js';

/** Identifier systems of an HL7 sender, under its facility name (MSH-4). */
export const hl7Base = (facility: string) => `https://medkarta.by/fhir/sid/hl7/${encodeURIComponent(facility)}`;

export interface ConvertedOru {
  bundle: Bundle;
  /** The segment each bundle entry came from, to say where a refusal of the feed points. */
  origins: Hl7Location[];
}

/**
 * ORU^R01 to a feed bundle: per PID a Patient entry, per OBR a DiagnosticReport, per OBX an
 * Observation (value, unit, reference range, abnormal flags, status), NTE notes on the result
 * before them. Identifiers are the laboratory's own (order number, and order number with test
 * code for each result), so a message sent again is recognised and a corrected one (OBX-11 C) is a
 * new version. Every problem in the message is reported at once, each with its segment and field.
 */
export function convertOru(message: Hl7Message, facility: string): ConvertedOru {
  const base = hl7Base(facility);
  const problems: Hl7Problem[] = [];
  const entries: BundleEntry[] = [];
  const origins: Hl7Location[] = [];
  const add = (resource: Resource, from: Segment): string => {
    const fullUrl = `urn:uuid:${randomUUID()}`;
    entries.push({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    origins.push({ segment: from.name, sequence: from.sequence });
    return fullUrl;
  };
  const messageTime = hl7DateTime(component(message.segments[0], 7));
  let patientUrl: string | undefined;
  let report: { resource: DiagnosticReport; orderId: string; seen: Map<string, number> } | undefined;
  const segments = message.segments;

  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const notes: Segment[] = [];
    while (segments[i + 1]?.name === 'NTE') notes.push(segments[++i]!);
    switch (segment.name) {
      case 'PID':
        patientUrl = add(patientFromPid(segment, base, problems), segment);
        report = undefined;
        break;
      case 'OBR': {
        if (!patientUrl) problems.push(outOfOrder(segment, 'An OBR must follow the PID of its patient'));
        const { report: resource, orderId } = reportFromObr(segment, base, problems);
        resource.subject = { reference: patientUrl ?? 'urn:uuid:missing-patient' };
        if (notes.length) resource.conclusion = notes.map((nte) => component(nte, 3)).join('\n');
        report = { resource, orderId, seen: new Map() };
        add(resource, segment);
        break;
      }
      case 'OBX': {
        if (!report) {
          problems.push(outOfOrder(segment, 'An OBX must follow the OBR of its order'));
          break;
        }
        const observation: Observation = observationFromObx(segment, notes, base, report.resource.effectiveDateTime ?? messageTime, problems);
        const code = component(segment, 3) + (component(segment, 4) ? `/${component(segment, 4)}` : '');
        const repeat = (report.seen.get(code) ?? 0) + 1;
        report.seen.set(code, repeat);
        observation.identifier = [{ system: `${base}/result`, value: `${report.orderId}/${code}${repeat > 1 ? `#${repeat}` : ''}` }];
        observation.subject = report.resource.subject;
        const url = add(observation, segment);
        report.resource.result = [...(report.resource.result ?? []), { reference: url }];
        break;
      }
      default:
        break; // PV1, ORC, SPM and the like carry nothing Central keeps from a result message
    }
  }
  if (!entries.some((entry) => entry.resource?.resourceType === 'Observation') && problems.length === 0) {
    problems.push({ location: { segment: 'MSH', sequence: 1 }, code: HL7_ERROR.segmentSequence, message: 'The message has no results: an ORU^R01 carries PID, OBR and OBX segments' });
  }
  if (problems.length > 0) throw new Hl7Error(problems);
  return { bundle: { resourceType: 'Bundle', type: 'collection', entry: entries }, origins };
}

function outOfOrder(segment: Segment, message: string): Hl7Problem {
  return { location: { segment: segment.name, sequence: segment.sequence }, code: HL7_ERROR.segmentSequence, message };
}
