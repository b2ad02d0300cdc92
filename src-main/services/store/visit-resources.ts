import type { Condition, DocumentReference, Encounter, MedicationRequest, Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import type { NoteSection } from '../../../shared/api/chart-method.js';
import type { ApiParsedInput } from '../../../shared/api/contract.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { ENCOUNTER_KIND_SYSTEM } from '../../chart/encounter-kind.js';
import { NOTE_SECTION_LOINC } from '../../chart/visit-notes.js';

export type VisitInput = ApiParsedInput<'visits.save'>;

export interface VisitContext {
  encounterId: string;
  /** When the visit was first saved: its start, kept on later saves. */
  startedAt: string;
  now: Date;
  organization: { id: string; name: string };
  author: { display: string; practitionerId?: string | undefined };
}

/** The note sections a visit form has, with the titles the record carries (records are kept in Russian). */
const SECTIONS: readonly { field: 'complaints' | 'anamnesis' | 'examination' | 'plan'; section: NoteSection; title: string }[] = [
  { field: 'complaints', section: 'complaints', title: 'Жалобы' },
  { field: 'anamnesis', section: 'anamnesis', title: 'Анамнез заболевания' },
  { field: 'examination', section: 'examination', title: 'Объективный статус' },
  { field: 'plan', section: 'plan', title: 'План обследования и лечения' },
];

/** Ids of a visit's parts follow from the visit's id, so saving again updates the same resources. */
export const visitPartIds = {
  diagnosis: (encounterId: string, n: number) => `${encounterId}-c${n}`,
  note: (encounterId: string, section: NoteSection) => `${encounterId}-n-${section}`,
  prescription: (encounterId: string, n: number) => `${encounterId}-m${n}`,
};

/**
 * A documented visit as FHIR: the Encounter, one Condition per ICD-10 diagnosis (ranked, the main
 * one first), one DocumentReference per written note section (LOINC-typed plain text, as
 * src-main/chart/visit-notes.ts reads them) and one MedicationRequest per prescription.
 */
export function visitResources(input: VisitInput, ctx: VisitContext): Resource[] {
  const id = ctx.encounterId;
  const subject: Reference<Patient> = { reference: `Patient/${input.patientId}` };
  const encounter: Reference<Encounter> = { reference: `Encounter/${id}` };
  const author: Reference<Practitioner> = ctx.author.practitionerId ? { reference: `Practitioner/${ctx.author.practitionerId}`, display: ctx.author.display } : { display: ctx.author.display };
  const final = input.status === 'final';
  const now = ctx.now.toISOString();
  const diagnoses = [...input.diagnoses].sort((a, b) => Number(b.primary) - Number(a.primary));

  const conditions: Condition[] = diagnoses.map((d, i) => ({
    resourceType: 'Condition',
    id: visitPartIds.diagnosis(id, i + 1),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: final ? 'confirmed' : 'provisional' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system: SYSTEMS.icd10, code: d.code, display: d.title }], text: d.title },
    subject,
    encounter,
    recordedDate: now,
    recorder: author,
  }));

  const notes: DocumentReference[] = SECTIONS.filter((s) => input[s.field].trim() !== '').map((s) => ({
    resourceType: 'DocumentReference',
    id: visitPartIds.note(id, s.section),
    status: 'current',
    docStatus: final ? 'final' : 'preliminary',
    type: { coding: [{ system: 'http://loinc.org', code: NOTE_SECTION_LOINC[s.section] }], text: s.title },
    subject,
    date: now,
    author: [author],
    context: { encounter: [encounter] },
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'ru', title: s.title, data: Buffer.from(input[s.field], 'utf8').toString('base64') } }],
  }));

  const prescriptions: MedicationRequest[] = input.prescriptions.map((p, i) => ({
    resourceType: 'MedicationRequest',
    id: visitPartIds.prescription(id, i + 1),
    status: final ? 'active' : 'draft',
    intent: 'order',
    medicationCodeableConcept: { text: p.medication },
    subject,
    encounter,
    authoredOn: now,
    requester: author,
    ...(p.dosage ? { dosageInstruction: [{ text: p.dosage }] } : {}),
  }));

  const visit: Encounter = {
    resourceType: 'Encounter',
    id,
    status: final ? 'finished' : 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [{ system: ENCOUNTER_KIND_SYSTEM, code: 'outpatient' }], text: 'Амбулаторный приём' }],
    subject,
    participant: [{ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PPRF' }] }], individual: author }],
    period: final ? { start: ctx.startedAt, end: now } : { start: ctx.startedAt },
    serviceProvider: { reference: `Organization/${ctx.organization.id}`, display: ctx.organization.name },
    ...(conditions.length ? { diagnosis: conditions.map((c, i) => ({ condition: { reference: `Condition/${c.id}` }, rank: i + 1 })) } : {}),
  };
  return [visit, ...conditions, ...notes, ...prescriptions];
}

/** A part the person removed on a later save: kept, marked entered in error, so the record shows no trace of it as fact. */
export function withdrawn(resource: Resource): Resource {
  switch (resource.resourceType) {
    case 'Condition': {
      // FHIR con-5: an entered-in-error condition carries no clinical status.
      const { clinicalStatus: _status, ...rest } = resource;
      return { ...rest, verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }] } };
    }
    case 'DocumentReference':
      return { ...resource, status: 'entered-in-error' };
    case 'MedicationRequest':
      return { ...resource, status: 'entered-in-error' };
    default:
      return resource;
  }
}
