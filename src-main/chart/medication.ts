import type { Dosage, MedicationRequest, MedicationStatement, Quantity } from '@medplum/fhirtypes';
import { conceptText } from './fhir-read.js';
import type { RecordIndex } from './record-index.js';

/** The medicine's name: the coded concept, or the Medication resource it points at. */
export function medicationName(request: MedicationRequest | MedicationStatement, index: RecordIndex): string {
  if (request.medicationCodeableConcept) return conceptText(request.medicationCodeableConcept, '—');
  const medication = index.resolve(request.medicationReference, 'Medication');
  return conceptText(medication?.code, request.medicationReference?.display ?? '—');
}

const quantity = (q: Quantity | undefined) => (q?.value !== undefined ? `${q.value}${q.unit ? ` ${q.unit}` : ''}` : null);

/**
 * How to take it, as written ("по 1 таблетке 2 раза в день"), or pieced together from the
 * structured dose and timing when no text was written.
 */
export function dosageText(dosages: readonly Dosage[] | undefined): string | null {
  if (!dosages || dosages.length === 0) return null;
  const parts = dosages.map((dosage) => {
    if (dosage.text?.trim()) return dosage.text.trim();
    const dose = quantity(dosage.doseAndRate?.[0]?.doseQuantity);
    const repeat = dosage.timing?.repeat;
    const timing = repeat?.frequency && repeat.period && repeat.periodUnit ? `${repeat.frequency}×/${repeat.period === 1 ? '' : repeat.period}${repeat.periodUnit}` : conceptText(dosage.timing?.code) || null;
    const route = conceptText(dosage.route) || null;
    return [dose, timing, route].filter(Boolean).join(', ');
  });
  const text = parts.filter(Boolean).join('; ');
  return text || null;
}

export function prescriptionLine(request: MedicationRequest, index: RecordIndex): string {
  const dosage = dosageText(request.dosageInstruction);
  return dosage ? `${medicationName(request, index)} — ${dosage}` : medicationName(request, index);
}
