/**
 * What may become of an appointment, as data. The statuses are FHIR R4 Appointment.status values.
 * An appointment in HOLDS_SLOT keeps its slot: a no-show or a fulfilled visit still used the time,
 * so nobody else can be booked into it afterwards; only cancelling frees a slot.
 */
export const APPOINTMENT_MARKS = ['arrived', 'checked-in', 'fulfilled', 'noshow'] as const;
export type AppointmentMark = (typeof APPOINTMENT_MARKS)[number];

export const HOLDS_SLOT: readonly string[] = ['booked', 'arrived', 'checked-in', 'fulfilled', 'noshow'];

const NEXT: Record<string, readonly string[]> = {
  proposed: ['booked', 'cancelled'],
  pending: ['booked', 'cancelled'],
  booked: ['arrived', 'checked-in', 'fulfilled', 'noshow', 'cancelled'],
  // A patient who arrived may still leave before being seen.
  arrived: ['checked-in', 'fulfilled', 'cancelled'],
  'checked-in': ['fulfilled'],
  // A patient marked absent who turns up late after all.
  noshow: ['arrived'],
  waitlist: ['booked', 'cancelled'],
};

export function canMoveTo(from: string | undefined, to: string): boolean {
  return NEXT[from ?? '']?.includes(to) ?? false;
}

/** Statuses of an appointment that can still be moved to another slot. */
export const RESCHEDULABLE: readonly string[] = ['booked', 'pending', 'proposed'];
