/** Staff roles, institution clients and patients: every kind of caller Central knows. */
export const STAFF_ROLES = ['doctor', 'nurse', 'registrar', 'clinic-admin', 'privacy-officer'] as const;
export const ROLES = [...STAFF_ROLES, 'institution', 'patient'] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
