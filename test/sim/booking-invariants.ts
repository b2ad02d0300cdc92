import type { Appointment } from '@medplum/fhirtypes';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import type { CabinetBooking, CabinetCancel } from './cabinet.js';
import type { CentralSnapshot, WorkstationSnapshot } from './snapshots.js';

export interface CabinetRecord {
  bookings: readonly CabinetBooking[];
  cancels: readonly CabinetCancel[];
  /** What each patient's cabinet showed after healing. */
  views: Map<string, { appointmentId: string; status: string }[]>;
}

export interface BookingFigures {
  workstation: { attempted: number; accepted: number; refused: number; refusedWithAlternatives: number; cancels: number; cancelsApplied: number };
  cabinet: { attempted: number; accepted: number; refused: Record<string, number>; refusedButBooked: Record<string, number>; noAnswer: number; cancels: number };
}

/**
 * What must hold of scheduling once everything has synced: one active booking per slot in the
 * ledger and in the FHIR Appointments alike, each booking (workstation mutation or cabinet
 * request) in the ledger exactly once or refused, every offline refusal in its inbox with the
 * alternatives, the patients' cabinets showing what Central holds, and the versions of every Slot
 * and Appointment accounted for by the ledger (nothing applied twice, nothing written aside).
 */
export function checkBookings(central: CentralSnapshot, workstations: WorkstationSnapshot[], cabinet: CabinetRecord, slotIds: readonly string[], seededVersions: Map<string, number>): { problems: string[]; figures: BookingFigures } {
  const problems: string[] = [];
  const rowsOf = groupBy(central.ledger, (row) => row.appointmentId);
  const appointment = (id: string) => central.live.get(`Appointment/${id}`)?.content as (Appointment & { id: string }) | undefined;

  // The ledger: one active row per slot and per appointment, each matching its FHIR Appointment.
  for (const [slotId, rows] of groupBy(central.ledger.filter((r) => !r.released), (row) => row.slotId)) {
    if (rows.length > 1) problems.push(`ledger: Slot/${slotId} has ${rows.length} active bookings (${rows.map((r) => r.appointmentId).join(', ')})`);
  }
  for (const [id, rows] of rowsOf) {
    if (rows.length !== 1) problems.push(`ledger: Appointment/${id} has ${rows.length} rows (no booking in the simulation is moved)`);
    const fhir = appointment(id);
    const row = rows[0]!;
    if (!fhir) problems.push(`ledger: Appointment/${id} is booked in the ledger but not at Central`);
    else if ((fhir.status === 'cancelled') !== row.released) problems.push(`ledger: Appointment/${id} is ${fhir.status} but its ledger row is ${row.released ? 'released' : 'active'}`);
    else if (fhir.slot?.[0]?.reference !== `Slot/${row.slotId}`) problems.push(`ledger: Appointment/${id} names ${fhir.slot?.[0]?.reference}, the ledger Slot/${row.slotId}`);
  }
  const slots = new Set(slotIds);
  for (const [key, row] of central.live) {
    if (key.startsWith('Appointment/') && !rowsOf.has(key.slice(12))) problems.push(`ledger: ${key} exists at Central without a ledger row`);
    if (!key.startsWith('Slot/') || !slots.has(key.slice(5))) continue;
    const active = central.ledger.some((r) => r.slotId === key.slice(5) && !r.released);
    if (active !== ((row.content as { status?: string }).status === 'busy')) problems.push(`ledger: ${key} is ${(row.content as { status?: string }).status} with ${active ? 'an' : 'no'} active booking`);
  }
  // Versions: a booking writes its Appointment and its Slot once; a cancellation each once more.
  for (const slotId of slotIds) {
    const rows = central.ledger.filter((r) => r.slotId === slotId);
    const expected = (seededVersions.get(`Slot/${slotId}`) ?? 0) + rows.length + rows.filter((r) => r.released).length;
    const found = central.versionCounts.get(`Slot/${slotId}`) ?? 0;
    if (found !== expected) problems.push(`Slot/${slotId} has ${found} versions; its schedule and ${rows.length} bookings account for ${expected}`);
  }
  for (const [id, rows] of rowsOf) {
    const expected = 1 + rows.filter((r) => r.released).length;
    const found = central.versionCounts.get(`Appointment/${id}`) ?? 0;
    if (found !== expected) problems.push(`Appointment/${id} has ${found} versions; booking${rows.some((r) => r.released) ? ' and cancelling' : ''} account for ${expected}`);
  }

  // Offline bookings and cancellations from the workstations.
  const workstation = { attempted: 0, accepted: 0, refused: 0, refusedWithAlternatives: 0, cancels: 0, cancelsApplied: 0 };
  for (const ws of workstations) {
    for (const mutation of ws.outbox) {
      const result = central.results.get(`${ws.clientId}#${mutation.mutationId}`);
      if (mutation.kind === 'cancel') {
        workstation.cancels++;
        const id = (mutation.args as { appointmentId: string }).appointmentId;
        if (result?.status !== 'applied') continue;
        workstation.cancelsApplied++;
        if (appointment(id)?.status !== 'cancelled') problems.push(`${ws.name}: cancel of Appointment/${id} was applied but Central has it ${appointment(id)?.status}`);
        continue;
      }
      if (mutation.kind !== 'book') continue;
      workstation.attempted++;
      const { slotId, appointment: wanted } = mutation.args as { slotId: string; appointment: Appointment & { id: string } };
      const rows = rowsOf.get(wanted.id) ?? [];
      if (result?.status === 'applied') {
        workstation.accepted++;
        if (rows.length !== 1 || rows[0]!.channel !== 'workstation' || rows[0]!.slotId !== slotId) problems.push(`${ws.name}: booking ${wanted.id} of Slot/${slotId} was applied but the ledger has ${JSON.stringify(rows)}`);
        continue;
      }
      if (result?.status !== 'rejected') continue;
      workstation.refused++;
      if (rows.length > 0 || appointment(wanted.id)) problems.push(`${ws.name}: booking ${wanted.id} was refused yet Central holds it`);
      const refusal = readBookingRefusal(ws.inboxOutcomes.get(mutation.mutationId));
      const code = (result as { outcome?: { issue?: { details?: { coding?: { code?: string }[] } }[] } }).outcome?.issue?.[0]?.details?.coding?.[0]?.code;
      if (code === 'slot-taken') {
        if (!refusal) problems.push(`${ws.name}: the refusal of booking ${wanted.id} (slot taken) is not in the inbox with its alternatives`);
        else {
          if (refusal.alternatives.some((a) => a.slotId === slotId)) problems.push(`${ws.name}: the refusal of ${wanted.id} offers the taken Slot/${slotId} as an alternative`);
          if (refusal.patient?.patientId !== wanted.participant?.[0]?.actor?.reference?.slice(8)) problems.push(`${ws.name}: the refusal of ${wanted.id} does not name the patient to call`);
          if (refusal.alternatives.length > 0) workstation.refusedWithAlternatives++;
        }
      }
    }
  }

  // The cabinet: every booking it was told of is in the ledger, and the ledger has no other cabinet booking.
  const byId = new Map(cabinet.bookings.map((b) => [b.appointmentId, b]));
  const figures: BookingFigures['cabinet'] = { attempted: cabinet.bookings.length, accepted: 0, refused: {}, refusedButBooked: {}, noAnswer: 0, cancels: cabinet.cancels.length };
  for (const booking of cabinet.bookings) {
    const rows = rowsOf.get(booking.appointmentId) ?? [];
    const told = booking.answer === 'booked' || booking.answer === 'exists';
    if (booking.answer.startsWith('no-answer')) figures.noAnswer++;
    if (rows.length > 0) figures.accepted++;
    else figures.refused[booking.answer] = (figures.refused[booking.answer] ?? 0) + 1;
    // A duplicated request can win the slot while the copy whose answer the patient sees is refused.
    if (!told && rows.length > 0 && !booking.answer.startsWith('no-answer')) figures.refusedButBooked[booking.answer] = (figures.refusedButBooked[booking.answer] ?? 0) + 1;
    if (told && (rows.length !== 1 || rows[0]!.channel !== 'cabinet' || rows[0]!.patientId !== booking.patientId || rows[0]!.slotId !== booking.slotId)) {
      problems.push(`cabinet: ${booking.patientId} was told ${booking.appointmentId} is booked, the ledger has ${JSON.stringify(rows)}`);
    }
  }
  for (const row of central.ledger.filter((r) => r.channel === 'cabinet')) {
    const booking = byId.get(row.appointmentId);
    if (!booking || booking.patientId !== row.patientId || booking.slotId !== row.slotId) problems.push(`cabinet: the ledger has ${row.appointmentId} for ${row.patientId}, which no patient asked for`);
  }
  for (const cancel of cabinet.cancels) {
    if (cancel.answer === 'cancelled' && appointment(cancel.appointmentId)?.status !== 'cancelled') problems.push(`cabinet: ${cancel.patientId} was told ${cancel.appointmentId} is cancelled, Central has it ${appointment(cancel.appointmentId)?.status}`);
  }
  // Whatever happened to a patient's bookings (cancelled by the clinic too), their cabinet shows it.
  for (const [patientId, shown] of cabinet.views) {
    const held = [...central.live].filter(([key, row]) => key.startsWith('Appointment/') && row.patientId === patientId).map(([, row]) => `${row.content.id}:${(row.content as Appointment).status}`);
    const seen = shown.map((a) => `${a.appointmentId}:${a.status}`);
    if (!sameSet(held, seen)) problems.push(`cabinet: ${patientId} sees ${seen.sort().join(', ') || 'nothing'}, Central holds ${held.sort().join(', ') || 'nothing'}`);
  }
  return { problems, figures: { workstation, cabinet: figures } };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;
}
