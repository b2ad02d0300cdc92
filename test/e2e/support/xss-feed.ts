import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { payloadId, XSS_PAYLOADS } from './xss.js';

/**
 * An institution's feed about one person (by personal number) with every XSS payload in the places
 * institutions write text: lab test names, problem names, document titles and text, an allergy, a
 * prescription and its dosage, a hospital stay, and narrative XHTML and HTML (studies, the stay's discharge
 * note, an anamnesis document) carrying the markup itself.
 */
export const FEED_SYSTEM = 'https://lis.labdiagnostika.by';
const LAB = FEED_SYSTEM;
const P = XSS_PAYLOADS;
const byId = (id: string) => P.find((p) => payloadId(p) === id)!;

/** The narrative XHTML the feed's studies carry (12 payloads), as sent. */
export const studyNarrative = (payload: string) => `<div xmlns="http://www.w3.org/1999/xhtml"><p>Заключение ${payloadId(payload)}:</p>${payload}</div>`;
/** A discharge note section (12 payloads) as the hospital sends it, HTML. */
export const dischargeHtml = (payload: string) => `<p>Выписка ${payloadId(payload)}:</p>${payload}`;
/** The HTML anamnesis document's text, as sent. */
export const anamnesisHtml = `<p>Курит x-html:</p>${P.slice(12, 24).join('<br>')}`;

const identifierOf = (resource: Resource) => {
  const identifier = (resource as { identifier?: { value?: string } | { value?: string }[] }).identifier;
  return (Array.isArray(identifier) ? identifier[0]?.value : identifier?.value)!;
};

/** An institution's feed about one person with every payload in the places institutions write text. */
export function hostileFeed(person: { personalNumber: string; birthDate: string; family: string; given: string; patronymic: string }): Bundle {
  const { personalNumber, birthDate } = person;
  const subject = { reference: 'urn:uuid:patient-xss' };
  const at = '2025-03-14T09:30:00+03:00';
  const id = (kind: string, i: number) => ({ system: `${LAB}/${kind}`, value: `xss-${kind}-${i}` });
  const records: Resource[] = [];
  P.forEach((payload, i) => {
    records.push({
      resourceType: 'Observation',
      identifier: [id('result', i)],
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: `${LAB}/test`, code: `t${i}`, display: payload }], text: payload },
      subject,
      effectiveDateTime: at,
      valueQuantity: { value: 100 + i, unit: 'g/L' },
      referenceRange: [{ low: { value: 90, unit: 'g/L' }, high: { value: 160, unit: 'g/L' } }],
    });
    records.push({
      resourceType: 'Condition',
      identifier: [id('diagnosis', i)],
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: { text: payload },
      subject,
      recordedDate: at,
    });
    records.push({
      resourceType: 'DocumentReference',
      identifier: [id('document', i)],
      status: 'current',
      type: { coding: [{ system: SYSTEMS.loinc, code: '11348-0', display: 'History of past illness' }] },
      description: payload,
      subject,
      date: at,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', title: payload, data: Buffer.from(`${payload}`, 'utf8').toString('base64') } }],
    });
  });
  // Narrative XHTML written by someone else: markup, handlers and script inside the div itself.
  P.slice(0, 12).forEach((payload, i) => {
    records.push({
      resourceType: 'DiagnosticReport',
      identifier: [id('study', i)],
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }],
      code: { text: `Рентгенография ${payloadId(payload)}` },
      subject,
      effectiveDateTime: at,
      text: { status: 'generated', div: studyNarrative(payload) },
    });
  });
  // A hospital stay with its discharge note as a Composition whose sections are narrative XHTML.
  records.push(
    {
      resourceType: 'Encounter',
      identifier: [id('stay', 0)],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
      type: [{ text: byId('x17') }],
      subject,
      period: { start: '2025-02-03T10:00:00+03:00', end: '2025-02-10T12:00:00+03:00' },
    },
    // Central keeps no Composition: the discharge note's sections come as HTML documents of the stay.
    ...P.slice(24, 36).map(
      (payload, i): Resource => ({
        resourceType: 'DocumentReference',
        identifier: [id('discharge', i)],
        status: 'current',
        type: { coding: [{ system: SYSTEMS.loinc, code: '18842-5', display: 'Discharge summary' }] },
        subject,
        context: { encounter: [{ reference: 'urn:uuid:xss-stay-0' }] },
        date: '2025-02-10T12:00:00+03:00',
        content: [{ attachment: { contentType: 'text/html', title: `Раздел ${payloadId(payload)}`, data: Buffer.from(dischargeHtml(payload), 'utf8').toString('base64') } }],
      }),
    ),
  );
  records.push(
    {
      resourceType: 'AllergyIntolerance',
      identifier: [id('allergy', 0)],
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
      code: { text: byId('x02') },
      patient: subject,
      recordedDate: at,
    },
    {
      resourceType: 'MedicationRequest',
      identifier: [id('prescription', 0)],
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { text: byId('x03') },
      subject,
      authoredOn: at,
      dosageInstruction: [{ text: byId('x34') }],
    },
    {
      resourceType: 'DocumentReference',
      identifier: [id('document', 99)],
      status: 'current',
      type: { coding: [{ system: SYSTEMS.loinc, code: '29762-2', display: 'Social history' }] },
      description: 'Анамнез xss-html',
      subject,
      date: at,
      content: [{ attachment: { contentType: 'text/html', data: Buffer.from(anamnesisHtml, 'utf8').toString('base64') } }],
    },
  );
  const entry: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:patient-xss',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: `${LAB}/patient`, value: 'xss-1' }, { system: SYSTEMS.personalNumber, value: personalNumber }],
        // The person as registered (hostile names too): matched by personal number and name, not sent to review.
        name: [{ family: person.family, given: [person.given, person.patronymic] }],
        gender: 'female',
        birthDate,
      },
      request: { method: 'POST', url: 'Patient' },
    },
    ...records.map((resource) => ({ fullUrl: `urn:uuid:${identifierOf(resource)}`, resource, request: { method: 'POST' as const, url: resource.resourceType } })),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
