import type { Condition, DocumentReference, Observation } from '@medplum/fhirtypes';
import type { AnamnesisItem, AnamnesisKind } from '../../shared/api/chart-method.js';
import { isSurgical } from './encounter-kind.js';
import { attachmentText, conceptKey, conceptText, dateOnly, hasCoding, newestFirst, sortNewestFirst } from './fhir-read.js';
import type { RecordIndex } from './record-index.js';
import type { Sources } from './source.js';
import { conditionDate, isRetracted, problemStatus } from './summary.js';

const LOINC = 'http://loinc.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** ABO group, Rh factor, ABO and Rh together. */
const BLOOD_GROUP = ['883-9', '10331-7', '882-1', '34474-7'];
/** Documents that are themselves anamnesis: past illness, social history, family history. */
const ANAMNESIS_DOCUMENTS: Record<string, AnamnesisKind> = { '11348-0': 'past-illness', '29762-2': 'social', '10157-6': 'family', '47519-4': 'surgery' };
const PAST = new Set(['resolved', 'inactive', 'remission']);
const KIND_ORDER: readonly AnamnesisKind[] = ['blood-group', 'past-illness', 'surgery', 'family', 'social', 'other'];

/**
 * Life anamnesis (анамнез жизни) as a doctor asks for it: blood group, illnesses the person has had,
 * operations, family history, habits and living conditions, and any anamnesis document written.
 */
export function buildAnamnesis(index: RecordIndex, sources: Sources): AnamnesisItem[] {
  const items: AnamnesisItem[] = [...pastIllnesses(index)];
  for (const procedure of index.all('Procedure')) {
    if (!procedure.id || procedure.status !== 'completed' || !isSurgical(procedure)) continue;
    const date = dateOnly(procedure.performedDateTime ?? procedure.performedPeriod?.start);
    items.push({ id: procedure.id, kind: 'surgery', title: conceptText(procedure.code, '—'), text: sources.of(procedure).institution ?? '', date });
  }
  for (const observation of index.all('Observation')) {
    const kind = observationKind(observation);
    if (!kind || !observation.id || observation.status === 'entered-in-error') continue;
    items.push({ id: observation.id, kind, title: conceptText(observation.code, '—'), text: observationText(observation), date: dateOnly(observation.effectiveDateTime ?? observation.issued) });
  }
  for (const history of index.all('FamilyMemberHistory')) {
    if (!history.id || history.status === 'entered-in-error') continue;
    const conditions = (history.condition ?? []).map((c) => conceptText(c.code)).filter(Boolean);
    items.push({ id: history.id, kind: 'family', title: conceptText(history.relationship, '—'), text: conditions.join(', '), date: dateOnly(history.date) });
  }
  for (const document of index.all('DocumentReference')) items.push(...anamnesisDocument(document));
  // Newest first within each kind (the sort is stable).
  return sortNewestFirst(items, (item) => item.date).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** Illnesses over and done with, each diagnosis once (its latest record). */
function pastIllnesses(index: RecordIndex): AnamnesisItem[] {
  const latest = new Map<string, Condition>();
  for (const condition of index.all('Condition')) {
    if (!condition.id || isRetracted(condition) || !PAST.has(problemStatus(condition))) continue;
    const key = conceptKey(condition.code);
    const known = latest.get(key);
    if (!known || newestFirst(conditionDate(condition), conditionDate(known)) < 0) latest.set(key, condition);
  }
  return [...latest.values()].map((c) => ({
    id: c.id!,
    kind: 'past-illness',
    title: conceptText(c.code, '—'),
    text: c.code?.coding?.find((coding) => coding.system === 'http://hl7.org/fhir/sid/icd-10')?.code ?? '',
    date: dateOnly(c.onsetDateTime ?? c.onsetPeriod?.start) ?? conditionDate(c),
  }));
}

function observationKind(observation: Observation): AnamnesisKind | null {
  if (hasCoding(observation.code, LOINC, BLOOD_GROUP)) return 'blood-group';
  if (hasCoding(observation.category, OBSERVATION_CATEGORY, ['social-history'])) return 'social';
  return null;
}

function observationText(o: Observation): string {
  if (o.valueCodeableConcept) return conceptText(o.valueCodeableConcept);
  if (o.valueString !== undefined) return o.valueString;
  if (o.valueQuantity?.value !== undefined) return `${o.valueQuantity.value}${o.valueQuantity.unit ? ` ${o.valueQuantity.unit}` : ''}`;
  if (o.valueBoolean !== undefined) return o.valueBoolean ? '+' : '−';
  return '';
}

function anamnesisDocument(document: DocumentReference): AnamnesisItem[] {
  if (!document.id || document.status === 'entered-in-error' || document.context?.encounter?.length) return [];
  const code = document.type?.coding?.find((c) => c.system === LOINC && c.code && ANAMNESIS_DOCUMENTS[c.code])?.code;
  if (!code) return [];
  const text = (document.content ?? []).map((c) => attachmentText(c.attachment)).filter(Boolean).join('\n\n');
  return text ? [{ id: document.id, kind: ANAMNESIS_DOCUMENTS[code]!, title: conceptText(document.type, document.description ?? ''), text, date: dateOnly(document.date) }] : [];
}
