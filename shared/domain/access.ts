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
  // Institutions send what they record: they find the patient (by personal number), create and
  // correct (update, e.g. entered-in-error) clinical records; nothing is deleted from a feed, and
  // nobody's appointments are theirs to read. Whose clinical data they read: CLINICAL_REACH.
  institution: { ...all(DIRECTORY_TYPES, READ), Patient: ['read', 'search', 'create'], ...all(CLINICAL_TYPES, ['read', 'search', 'history', 'create', 'update']) },
  // The cabinet: reads of the patient's own record only (Central narrows every query to it).
  patient: { ...all(DIRECTORY_TYPES, READ), ...all(SCHEDULING_TYPES, READ), ...all(CLINICAL_TYPES, READ), AuditEvent: ['search', 'read'] },
};

export function isAllowed(roles: readonly Role[], action: Action, resourceType: string): boolean {
  return roles.some((role) => ROLE_MATRIX[role][resourceType]?.includes(action) ?? false);
}

/**
 * Whose clinical data (CLINICAL_TYPES) a role reaches, on top of the matrix. Outside that reach a
 * person must state a reason (break-the-glass: X-Break-Glass-Reason), recorded as such and shown to
 * the privacy officer of the patient's clinic; without one the call is refused.
 * - `own-record`: the patient's own compartment only (Central narrows every query to it);
 * - `clinic-scope`: patients in the organisation's scope: attached, booked, seen there recently,
 *   pinned by one of its workstations (src-server/auth/clinic-scope.ts);
 * - `institution-relation`: a laboratory's or hospital's system: the clinic rule for its own
 *   organisation, or an order (ServiceRequest) naming it as performer, written recently by someone
 *   else (Central records each version's writer; an order the institution wrote itself, to itself,
 *   opens nothing). Finding a patient by personal number (Patient is a directory type) needs no
 *   relation. What it wrote itself it reads back without one: CLINICAL_READS_OF_OWN_WRITES.
 */
export type ClinicalReach = 'own-record' | 'clinic-scope' | 'institution-relation';
export const CLINICAL_REACH: Record<Role, ClinicalReach> = {
  doctor: 'clinic-scope',
  nurse: 'clinic-scope',
  registrar: 'clinic-scope',
  'clinic-admin': 'clinic-scope',
  'privacy-officer': 'clinic-scope',
  institution: 'institution-relation',
  patient: 'own-record',
};

/**
 * The clinical writes a role makes without the patient in reach. Staff write only for patients in
 * their scope (or state a reason): a patient enters the scope by being registered or booked, which
 * are not clinical writes. An institution's system creates results for whoever came to it, related
 * or not (sending is its job); changing or deleting a record needs the relation, as reading does.
 */
export const CLINICAL_WRITES_WITHOUT_REACH: Record<Role, readonly Action[]> = {
  doctor: [],
  nurse: [],
  registrar: [],
  'clinic-admin': [],
  'privacy-officer': [],
  institution: ['create'],
  patient: [],
};

/**
 * The reads a role makes without the patient in reach, of exactly the versions Central recorded
 * the caller's organisation as writing (never what a body claims): an institution's system reads
 * back the result it sent for a walk-in patient (`read`: read and vread), and nothing else of that
 * record, by search, history or $everything. Audited like any read.
 */
export const CLINICAL_READS_OF_OWN_WRITES: Record<Role, readonly Action[]> = {
  doctor: [],
  nurse: [],
  registrar: [],
  'clinic-admin': [],
  'privacy-officer': [],
  institution: ['read'],
  patient: [],
};

/** The reach of a caller with these roles: the widest any of them gives (none when no role). */
export function clinicalReachOf(roles: readonly Role[]): ClinicalReach | undefined {
  const reaches = roles.map((role) => CLINICAL_REACH[role]);
  return (['clinic-scope', 'institution-relation', 'own-record'] as const).find((reach) => reaches.includes(reach));
}
