import type { Role } from '../../shared/domain/roles.js';

/**
 * Who is making a request, as established by the auth module from a verified token. Nothing in it
 * comes from the client unverified.
 */
export interface Principal {
  kind: 'user' | 'client' | 'patient';
  /** Stable id: the user's id, the institution client's id, or the patient's id. */
  subject: string;
  display: string;
  roles: Role[];
  /** The Organization the user works in or the institution client belongs to. */
  organizationId?: string | undefined;
  practitionerId?: string | undefined;
  practitionerRoleId?: string | undefined;
  /** For a patient in the cabinet: their own Patient id. */
  patientId?: string | undefined;
  /** The enrolled workstation the request came through, when there is one. */
  deviceId?: string | undefined;
}

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | undefined;
}
