import type { CodeableConcept, Resource } from '@medplum/fhirtypes';
import type { NoteSection, TimelineEntry } from '../../shared/api/chart-method.js';
import { attachmentText, conceptText, narrativeText } from './fhir-read.js';

type Note = TimelineEntry['notes'][number];

/**
 * LOINC section codes of a visit note. A visit documented on the workstation is stored as one
 * DocumentReference per section (type = the LOINC code, a text/plain attachment, context.encounter =
 * the visit); Compositions and ClinicalImpressions from other systems are read as well.
 */
export const NOTE_SECTION_LOINC: Record<NoteSection, string> = {
  complaints: '10154-3',
  anamnesis: '10164-2',
  examination: '29545-1',
  assessment: '51848-0',
  plan: '18776-5',
};
const SECTION_BY_CODE = new Map(Object.entries(NOTE_SECTION_LOINC).map(([section, code]) => [code, section as NoteSection]));
const ORDER: readonly (NoteSection | null)[] = ['complaints', 'anamnesis', 'examination', 'assessment', 'plan', null];

function sectionOf(concept: CodeableConcept | undefined): NoteSection | null {
  for (const coding of concept?.coding ?? []) {
    if (coding.system === 'http://loinc.org' && coding.code && SECTION_BY_CODE.has(coding.code)) return SECTION_BY_CODE.get(coding.code)!;
  }
  return null;
}

/** The text sections of one visit from the resources linked to it, in the order a doctor writes them. */
export function visitNotes(linked: readonly Resource[]): Note[] {
  const notes: Note[] = [];
  for (const resource of linked) {
    if (resource.resourceType === 'DocumentReference' && resource.status !== 'entered-in-error') {
      const section = sectionOf(resource.type);
      for (const content of resource.content ?? []) {
        const text = attachmentText(content.attachment);
        if (text) notes.push({ section, title: content.attachment.title ?? conceptText(resource.type, resource.description ?? ''), text });
      }
    } else if (resource.resourceType === 'Composition' && resource.status !== 'entered-in-error') {
      for (const part of resource.section ?? []) {
        const text = narrativeText(part.text?.div);
        if (text) notes.push({ section: sectionOf(part.code), title: part.title ?? conceptText(part.code), text });
      }
    } else if (resource.resourceType === 'ClinicalImpression' && resource.status !== 'entered-in-error') {
      const text = [resource.description, resource.summary].filter(Boolean).join('\n');
      if (text) notes.push({ section: 'assessment', title: conceptText(resource.code, ''), text });
    }
  }
  return notes.sort((a, b) => ORDER.indexOf(a.section) - ORDER.indexOf(b.section));
}
