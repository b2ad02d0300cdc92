import type { VisitSaveInput } from '../../../shared/api/visits.js';

/** The visit form as data and the rules of editing it: pure, so it is tested without a browser. */
export interface Diagnosis {
  code: string;
  title: string;
  primary: boolean;
}
export interface Prescription {
  medication: string;
  dosage: string;
}
export interface VisitForm {
  complaints: string;
  anamnesis: string;
  examination: string;
  plan: string;
  diagnoses: Diagnosis[];
  prescriptions: Prescription[];
}
export type TextField = 'complaints' | 'anamnesis' | 'examination' | 'plan';

export type Action =
  | { type: 'text'; field: TextField; value: string }
  | { type: 'add-diagnosis'; diagnosis: Omit<Diagnosis, 'primary'> }
  | { type: 'remove-diagnosis'; code: string }
  | { type: 'make-primary'; code: string }
  | { type: 'add-prescription' }
  | { type: 'prescription'; index: number; field: keyof Prescription; value: string }
  | { type: 'remove-prescription'; index: number };

export const EMPTY_VISIT: VisitForm = { complaints: '', anamnesis: '', examination: '', plan: '', diagnoses: [], prescriptions: [] };

/** The form's rules: one diagnosis is the main one (the first, until the doctor picks another), each code once. */
export function visitReducer(form: VisitForm, action: Action): VisitForm {
  switch (action.type) {
    case 'text':
      return { ...form, [action.field]: action.value };
    case 'add-diagnosis':
      if (form.diagnoses.some((d) => d.code === action.diagnosis.code)) return form;
      return { ...form, diagnoses: [...form.diagnoses, { ...action.diagnosis, primary: form.diagnoses.length === 0 }] };
    case 'remove-diagnosis': {
      const rest = form.diagnoses.filter((d) => d.code !== action.code);
      if (rest.length && !rest.some((d) => d.primary)) rest[0] = { ...rest[0]!, primary: true };
      return { ...form, diagnoses: rest };
    }
    case 'make-primary':
      return { ...form, diagnoses: form.diagnoses.map((d) => ({ ...d, primary: d.code === action.code })) };
    case 'add-prescription':
      return { ...form, prescriptions: [...form.prescriptions, { medication: '', dosage: '' }] };
    case 'prescription':
      return { ...form, prescriptions: form.prescriptions.map((p, i) => (i === action.index ? { ...p, [action.field]: action.value } : p)) };
    case 'remove-prescription':
      return { ...form, prescriptions: form.prescriptions.filter((_, i) => i !== action.index) };
  }
}

export function hasContent(form: VisitForm): boolean {
  return Boolean(form.complaints.trim() || form.anamnesis.trim() || form.examination.trim() || form.plan.trim() || form.diagnoses.length || form.prescriptions.some((p) => p.medication.trim()));
}

export function toInput(patientId: string, encounterId: string | undefined, form: VisitForm, status: 'draft' | 'final'): VisitSaveInput {
  return {
    patientId,
    ...(encounterId ? { encounterId } : {}),
    complaints: form.complaints,
    anamnesis: form.anamnesis,
    examination: form.examination,
    plan: form.plan,
    diagnoses: form.diagnoses,
    prescriptions: form.prescriptions.filter((p) => p.medication.trim()).map((p) => ({ medication: p.medication.trim(), dosage: p.dosage.trim() })),
    status,
  };
}
