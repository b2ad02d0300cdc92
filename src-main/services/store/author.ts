import type { MutationAuthor } from '../../db/outbox.js';
import type { StaffProfile } from '../../db/staff-accounts.js';

/** Who made a local change, as the outbox keeps it for Central's provenance. */
export function authorOf(profile: StaffProfile | null): MutationAuthor | null {
  if (!profile) return null;
  return { userId: profile.id, display: profile.display, ...(profile.practitionerId ? { practitionerId: profile.practitionerId } : {}) };
}
