import type { Mutation } from './protocol.js';

/**
 * The resources a mutation writes, as a replica holds them: what Central writes when it applies it,
 * what the workstation already wrote locally, and what a refusal of it puts back. Audit events and
 * sick-leave steps write no replica row.
 */
export function mutationTargets(mutation: Mutation): { resourceType: string; id: string }[] {
  switch (mutation.kind) {
    case 'create':
    case 'update':
      return [{ resourceType: mutation.args.resource.resourceType, id: mutation.args.resource.id }];
    case 'delete':
      return [{ resourceType: mutation.args.resourceType, id: mutation.args.id }];
    case 'book':
      return [
        { resourceType: 'Appointment', id: mutation.args.appointment.id },
        { resourceType: 'Slot', id: mutation.args.slotId },
      ];
    case 'cancel':
    case 'reschedule':
    case 'walk-in':
      return [{ resourceType: 'Appointment', id: mutation.args.appointmentId }];
    case 'audit':
    case 'sick-leave':
      return [];
  }
}
