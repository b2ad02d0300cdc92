import type { StaffUser } from '../../shared/api/session.js';
import { STAFF_ROLES } from '../../shared/domain/roles.js';
import type { StaffProfile } from '../db/staff-accounts.js';

/**
 * The user as the API shows them: one role. A person with several roles works in the first of
 * STAFF_ROLES they hold (doctor before nurse before registrar...): the widest clinical view.
 */
export function toStaffUser(profile: StaffProfile): StaffUser {
  const role = STAFF_ROLES.find((r) => profile.roles.includes(r)) ?? profile.roles[0]!;
  return { id: profile.id, username: profile.username, displayName: profile.display, role };
}
