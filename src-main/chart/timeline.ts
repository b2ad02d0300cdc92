import type { Condition, Encounter, MedicationRequest, Procedure, Resource } from '@medplum/fhirtypes';
import type { Coded, TimelineEntry } from '../../shared/api/chart-method.js';
import { ENCOUNTER_KIND_SYSTEM, encounterKind } from './encounter-kind.js';
import { coded, conceptKey, conceptText, sortNewestFirst, when } from './fhir-read.js';
import { prescriptionLine } from './medication.js';
import type { RecordIndex } from './record-index.js';
import type { Sources } from './source.js';
import { visitNotes } from './visit-notes.js';

const live = (r: { status?: string }) => r.status !== 'entered-in-error';

/**
 * Every encounter of the person, in any institution, newest first: what it was, where, who, the
 * diagnoses made, the notes written, operations done and medicines prescribed during it.
 */
export function buildTimeline(index: RecordIndex, sources: Sources, pending: ReadonlySet<string>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const encounter of index.all('Encounter')) {
    if (!encounter.id || !live(encounter)) continue;
    const linked = index.linkedTo(encounter.id);
    const procedures = linked.filter((r): r is Procedure => r.resourceType === 'Procedure' && live(r));
    const source = sources.of(encounter);
    entries.push({
      id: encounter.id,
      kind: encounterKind(encounter, procedures, source.institutionKind),
      start: when(encounter.period?.start),
      end: when(encounter.period?.end),
      title: encounterTitle(encounter),
      status: encounter.status,
      source,
      diagnoses: diagnosesOf(encounter, linked, index),
      notes: visitNotes(linked),
      procedures: procedures.map((p) => conceptText(p.code, '—')),
      prescriptions: linked
        .filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && live(r) && r.status !== 'cancelled')
        .map((r) => prescriptionLine(r, index)),
      pendingSync: isPending(encounter, linked, pending),
    });
  }
  return sortNewestFirst(entries, (e) => e.start);
}

/** What the encounter was, in the recorder's words; our kind's name only when nothing else was written. */
function encounterTitle(encounter: Encounter): string {
  let kindDisplay = '';
  for (const type of encounter.type ?? []) {
    if (type.text?.trim()) return type.text.trim();
    for (const coding of type.coding ?? []) {
      if (!coding.display?.trim()) continue;
      if (coding.system !== ENCOUNTER_KIND_SYSTEM) return coding.display.trim();
      kindDisplay ||= coding.display.trim();
    }
  }
  return conceptText(encounter.serviceType) || conceptText(encounter.reasonCode?.[0]) || kindDisplay || encounter.class?.display || '';
}

/** Diagnoses ranked by the encounter (main first), then the rest recorded during it, each code once. */
function diagnosesOf(encounter: Encounter, linked: readonly Resource[], index: RecordIndex): Coded[] {
  const ranked = [...(encounter.diagnosis ?? [])].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  const conditions: Condition[] = [];
  for (const diagnosis of ranked) {
    const condition = index.resolve(diagnosis.condition, 'Condition');
    if (condition) conditions.push(condition);
  }
  for (const resource of linked) if (resource.resourceType === 'Condition') conditions.push(resource);
  const seen = new Set<string>();
  const result: Coded[] = [];
  for (const condition of conditions) {
    if (condition.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error' || c.code === 'refuted')) continue;
    const key = conceptKey(condition.code);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(coded(condition.code, '—'));
  }
  return result;
}

function isPending(encounter: Encounter, linked: readonly Resource[], pending: ReadonlySet<string>): boolean {
  if (pending.size === 0) return false;
  if (pending.has(`Encounter/${encounter.id}`)) return true;
  return linked.some((r) => r.id !== undefined && pending.has(`${r.resourceType}/${r.id}`));
}
