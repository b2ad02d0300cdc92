/**
 * The code systems and extensions scheduling writes into FHIR Schedule, Slot and Appointment. Both
 * Central and the workstation read them; changing one breaks every stored record.
 */
export const SCHEDULING_SYSTEMS = {
  /** Slot.serviceType and Appointment.serviceType: shared/domain/visit-types.ts VISIT_TYPES. */
  visitType: 'https://medkarta.by/fhir/CodeSystem/visit-type',
  /** Schedule.specialty. */
  specialty: 'https://medkarta.by/fhir/CodeSystem/specialty',
  /** Why a booking was refused (OperationOutcome.issue.details.coding). */
  bookingRefusal: 'https://medkarta.by/fhir/CodeSystem/booking-refusal',
  cancellationReason: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
  /** Appointment.appointmentType: WALKIN for the walk-in queue. */
  appointmentType: 'http://terminology.hl7.org/CodeSystem/v2-0276',
} as const;

export const SCHEDULING_EXTENSIONS = {
  /** On an OperationOutcome: the refused booking's patient and the nearest free alternatives. */
  bookingRefusal: 'https://medkarta.by/fhir/StructureDefinition/booking-refusal',
  /** On an Appointment whose slot left the schedule: valueCode is the reason (REBOOK_REASONS). */
  rebookNeeded: 'https://medkarta.by/fhir/StructureDefinition/rebook-needed',
  /** On an Appointment: who booked it (workstation, staff, cabinet). */
  bookingChannel: 'https://medkarta.by/fhir/StructureDefinition/booking-channel',
  /** On a Schedule: the IANA time zone its hours are in. */
  timeZone: 'http://hl7.org/fhir/StructureDefinition/timezone',
} as const;

/** Cancellation reason codes: the patient cancelled, or the clinic (provider) did. */
export const CANCELLED_BY_PATIENT = 'pat';
export const CANCELLED_BY_CLINIC = 'prov';
