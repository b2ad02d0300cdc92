import type { Extension, OperationOutcome } from '@medplum/fhirtypes';
import { z } from 'zod';
import { PatientContactSchema } from '../api/schedule.js';
import { FreeSlotSchema, type FreeSlot } from '../api/schedule-views.js';
import { SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from './scheduling.js';

/**
 * A refused booking, as data: why, whose booking it was (with a phone to call them) and the
 * nearest free alternatives. It travels inside an OperationOutcome, so the same refusal reaches a
 * REST caller (409) and a workstation whose offline `book` mutation came back `rejected`; the
 * registrar's screen reads it with `readBookingRefusal`.
 */
export const BOOKING_REFUSALS = ['slot-taken', 'slot-unavailable', 'slot-in-past', 'visit-type-mismatch', 'daily-limit', 'not-due', 'already-booked'] as const;
export type BookingRefusalCode = (typeof BOOKING_REFUSALS)[number];

export const BookingRefusalSchema = z.object({
  code: z.enum(BOOKING_REFUSALS),
  message: z.string(),
  slotId: z.string().nullable(),
  patient: PatientContactSchema.nullable(),
  alternatives: z.array(FreeSlotSchema),
});
export type BookingRefusal = z.infer<typeof BookingRefusalSchema>;

const part = (url: string, value: Omit<Extension, 'url'> | undefined): Extension[] => (value ? [{ url, ...value }] : []);
const ref = (type: string, id: string | null, display?: string): Extension['valueReference'] => (id ? { reference: `${type}/${id}`, ...(display ? { display } : {}) } : undefined);

function alternativeExtension(slot: FreeSlot): Extension {
  return {
    url: 'alternative',
    extension: [
      ...part('slot', { valueReference: ref('Slot', slot.slotId) }),
      ...part('schedule', { valueReference: ref('Schedule', slot.scheduleId, slot.display) }),
      ...part('start', { valueDateTime: slot.start }),
      ...part('end', { valueDateTime: slot.end }),
      ...part('visitType', slot.visitType ? { valueCode: slot.visitType } : undefined),
      ...part('practitioner', slot.practitionerId ? { valueReference: ref('Practitioner', slot.practitionerId) } : undefined),
      ...part('specialty', slot.specialty ? { valueCoding: { system: SCHEDULING_SYSTEMS.specialty, code: slot.specialty.code, display: slot.specialty.display } } : undefined),
    ],
  };
}

export function bookingRefusalOutcome(refusal: BookingRefusal): OperationOutcome {
  const { patient } = refusal;
  return {
    resourceType: 'OperationOutcome',
    extension: [
      {
        url: SCHEDULING_EXTENSIONS.bookingRefusal,
        extension: [
          ...part('slot', refusal.slotId ? { valueReference: ref('Slot', refusal.slotId) } : undefined),
          ...part('patient', patient ? { valueReference: ref('Patient', patient.patientId, patient.name) } : undefined),
          ...part('phone', patient?.phone ? { valueString: patient.phone } : undefined),
          ...part('birthDate', patient?.birthDate ? { valueDate: patient.birthDate } : undefined),
          ...refusal.alternatives.map(alternativeExtension),
        ],
      },
    ],
    issue: [{ severity: 'error', code: refusal.code === 'daily-limit' ? 'throttled' : 'conflict', details: { coding: [{ system: SCHEDULING_SYSTEMS.bookingRefusal, code: refusal.code }], text: refusal.message }, expression: ['Appointment.slot'] }],
  };
}

const idOf = (reference: string | undefined) => reference?.slice(reference.indexOf('/') + 1) ?? null;
const find = (parts: readonly Extension[], url: string) => parts.find((p) => p.url === url);

/** The refusal an OperationOutcome carries; undefined when it is not a booking refusal. */
export function readBookingRefusal(outcome: unknown): BookingRefusal | undefined {
  const resource = outcome as OperationOutcome | undefined;
  const issue = resource?.issue?.[0];
  const code = issue?.details?.coding?.find((c) => c.system === SCHEDULING_SYSTEMS.bookingRefusal)?.code;
  if (resource?.resourceType !== 'OperationOutcome' || !code) return undefined;
  const parts = resource.extension?.find((e) => e.url === SCHEDULING_EXTENSIONS.bookingRefusal)?.extension ?? [];
  const patientRef = find(parts, 'patient')?.valueReference;
  const parsed = BookingRefusalSchema.safeParse({
    code,
    message: issue?.details?.text ?? '',
    slotId: idOf(find(parts, 'slot')?.valueReference?.reference),
    patient: patientRef ? { patientId: idOf(patientRef.reference), name: patientRef.display ?? '', phone: find(parts, 'phone')?.valueString ?? null, birthDate: find(parts, 'birthDate')?.valueDate ?? null } : null,
    alternatives: parts.filter((p) => p.url === 'alternative').map((alternative) => {
      const fields = alternative.extension ?? [];
      const specialty = find(fields, 'specialty')?.valueCoding;
      const schedule = find(fields, 'schedule')?.valueReference;
      return {
        slotId: idOf(find(fields, 'slot')?.valueReference?.reference),
        scheduleId: idOf(schedule?.reference),
        display: schedule?.display ?? '',
        start: find(fields, 'start')?.valueDateTime,
        end: find(fields, 'end')?.valueDateTime,
        visitType: find(fields, 'visitType')?.valueCode ?? null,
        practitionerId: idOf(find(fields, 'practitioner')?.valueReference?.reference),
        specialty: specialty ? { code: specialty.code, display: specialty.display } : null,
      };
    }),
  });
  return parsed.success ? parsed.data : undefined;
}
