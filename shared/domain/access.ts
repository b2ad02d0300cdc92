import type { Role } from './roles.js';

/**
 * The role matrix, as data: which role may do what to which resource type. Central enforces it on
 * every call; the workstation reads the same table to hide what a role may not see (never relying
 * on that). Anything not listed is refused.
 */
export const ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'history'] as const;
export type Action = (typeof ACTIONS)[number];

/** Who people are and where they work: a registrar's whole world. */
export const DIRECTORY_TYPES = ['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location'] as const;
export const SCHEDULING_TYPES = ['Schedule', 'Slot', 'Appointment'] as const;
/** Facts about a person's health: never for a registrar. */
export const CLINICAL_TYPES = [
  'Encounter',
  'EpisodeOfCare',
  'Condition',
  'AllergyIntolerance',
  'Immunization',
  'Observation',
  'DiagnosticReport',
  'Procedure',
  'MedicationRequest',
  'ServiceRequest',
  'DocumentReference',
  'Consent',
  'Provenance',
] as const;
export const AUDIT_TYPES = ['AuditEvent'] as const;

export const SUPPORTED_TYPES = [...DIRECTORY_TYPES, ...SCHEDULING_TYPES, ...CLINICAL_TYPES, ...AUDIT_TYPES] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

type Grants = Partial<Record<string, readonly Action[]>>;
const all = (types: readonly string[], actions: readonly Action[]): Grants => Object.fromEntries(types.map((t) => [t, actions]));
const READ: readonly Action[] = ['read', 'search', 'history'];
const WRITE: readonly Action[] = ['read', 'search', 'history', 'create', 'update', 'delete'];

export const ROLE_MATRIX: Record<Role, Grants> = {
  doctor: { ...all(DIRECTORY_TYPES, READ), Patient: WRITE, ...all(SCHEDULING_TYPES, WRITE), ...all(CLINICAL_TYPES, WRITE) },
  nurse: {
    ...all(DIRECTORY_TYPES, READ),
    Patient: WRITE,
    ...all(SCHEDULING_TYPES, WRITE),
    ...all(CLINICAL_TYPES, READ),
    Observation: WRITE,
    Immunization: WRITE,
    AllergyIntolerance: WRITE,
  },
  registrar: { ...all(DIRECTORY_TYPES, READ), Patient: WRITE, ...all(SCHEDULING_TYPES, WRITE) },
  'clinic-admin': { ...all(DIRECTORY_TYPES, WRITE), ...all(SCHEDULING_TYPES, WRITE) },
  // Reads the audit trail; clinical content only as it appears in audit records.
  'privacy-officer': { ...all(DIRECTORY_TYPES, READ), AuditEvent: ['read', 'search'] },
  // Institutions send what they record; they read back only to match and correct their own feeds.
  institution: { ...all(DIRECTORY_TYPES, READ), Patient: ['read', 'search', 'create'], ...all(CLINICAL_TYPES, WRITE), ...all(SCHEDULING_TYPES, READ) },
  // The cabinet: reads of the patient's own record only (Central narrows every query to it).
  patient: { ...all(DIRECTORY_TYPES, READ), ...all(SCHEDULING_TYPES, READ), ...all(CLINICAL_TYPES, READ), AuditEvent: ['search', 'read'] },
};

export function isAllowed(roles: readonly Role[], action: Action, resourceType: string): boolean {
  return roles.some((role) => ROLE_MATRIX[role][resourceType]?.includes(action) ?? false);
}
