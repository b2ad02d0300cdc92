import { z } from 'zod';

/**
 * The `walk-in` mutation's arguments (since protocol version 3): a patient queued at a
 * workstation's desk without a booking, and the queue's later steps. The appointment id is chosen
 * by the workstation, so steps queued offline after an `add` also queued offline name it. The peer
 * keeps the clinic's queue (src-server/scheduling/walk-ins.ts): the patient's arrival time is the
 * one the desk saw, so a walk-in that waited offline keeps its place in the day's order.
 */
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const fhirId = z.string().regex(ID, 'must be a FHIR id');

export const walkInArgsSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    appointmentId: fhirId,
    patientId: fhirId,
    /** The doctor the patient waits for; any doctor of the clinic when absent. */
    practitionerId: fhirId.optional(),
    note: z.string().max(500).optional(),
    /** When the patient arrived, by the desk's clock. */
    queuedAt: z.iso.datetime({ offset: true }),
  }),
  /** Called in (`call`), seen (`done`), or left without being seen (`left`). */
  z.object({ action: z.enum(['call', 'done', 'left']), appointmentId: fhirId }),
]);
export type WalkInArgs = z.infer<typeof walkInArgsSchema>;
