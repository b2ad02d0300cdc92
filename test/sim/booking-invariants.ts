import type { Appointment } from '@medplum/fhirtypes';
import { isWalkIn } from '../../shared/fhir/appointment-summary.js';
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
  workstation: { attempted: number; accepted: number; refused: number; refusedWithAlternatives: number; cancels: number; cancelsApplied: number; moves: number; movesApplied: number; movesRefused: number };
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

  // The ledger: one active row per slot and per appointment; an appointment's rows are its bookings
  // in order, every one but the last released by a move, the last matching its FHIR Appointment.
  for (const [slotId, rows] of groupBy(central.ledger.filter((r) => !r.released), (row) => row.slotId)) {
    if (rows.length > 1) problems.push(`ledger: Slot/${slotId} has ${rows.length} active bookings (${rows.map((r) => r.appointmentId).join(', ')})`);
  }
  for (const [id, rows] of rowsOf) {
    const earlier = rows.slice(0, -1);
    if (earlier.some((r) => !r.released || r.releaseReason !== 'rescheduled')) problems.push(`ledger: Appointment/${id} has rows ${JSON.stringify(rows)}: only its last may be active or cancelled, the others were moves`);
    const fhir = appointment(id);
    const row = rows.at(-1)!;
    if (!fhir) problems.push(`ledger: Appointment/${id} is booked in the ledger but not at Central`);
    else if ((fhir.status === 'cancelled') !== row.released) problems.push(`ledger: Appointment/${id} is ${fhir.status} but its ledger row is ${row.released ? 'released' : 'active'}`);
    else if (fhir.slot?.[0]?.reference !== `Slot/${row.slotId}`) problems.push(`ledger: Appointment/${id} names ${fhir.slot?.[0]?.reference}, the ledger Slot/${row.slotId}`);
  }
  const slots = new Set(slotIds);
  for (const [key, row] of central.live) {
    // A walk-in holds no slot (walk-in-invariants.ts accounts for it).
    if (key.startsWith('Appointment/') && !rowsOf.has(key.slice(12)) && !isWalkIn(row.content as Appointment)) problems.push(`ledger: ${key} exists at Central without a ledger row`);
    if (!key.startsWith('Slot/') || !slots.has(key.slice(5))) continue;
    const active = central.ledger.some((r) => r.slotId === key.slice(5) && !r.released);
    if (active !== ((row.content as { status?: string }).status === 'busy')) problems.push(`ledger: ${key} is ${(row.content as { status?: string }).status} with ${active ? 'an' : 'no'} active booking`);
  }
  // Versions: a booking writes its Appointment and its Slot once; a cancellation each once more; a
  // move the Appointment once, the new Slot once (its own row) and the old Slot once (released).
  for (const slotId of slotIds) {
    const rows = central.ledger.filter((r) => r.slotId === slotId);
    const expected = (seededVersions.get(`Slot/${slotId}`) ?? 0) + rows.length + rows.filter((r) => r.released).length;
    const found = central.versionCounts.get(`Slot/${slotId}`) ?? 0;
    if (found !== expected) problems.push(`Slot/${slotId} has ${found} versions; its schedule and ${rows.length} bookings account for ${expected}`);
  }
  for (const [id, rows] of rowsOf) {
    const expected = 1 + rows.filter((r) => r.released).length;
    const found = central.versionCounts.get(`Appointment/${id}`) ?? 0;
    if (found !== expected) problems.push(`Appointment/${id} has ${found} versions; booking, ${rows.length - 1} move(s) and ${rows.at(-1)!.released ? 'a' : 'no'} cancellation account for ${expected}`);
  }
  // Every version of an Appointment that changed its slot was a move some workstation asked for.
  const movesAsked = new Map<string, Set<string>>();
  for (const ws of workstations) {
    for (const mutation of ws.outbox) {
      if (mutation.kind !== 'reschedule' || central.results.get(`${ws.clientId}#${mutation.mutationId}`)?.status !== 'applied') continue;
      const { appointmentId, slotId } = mutation.args as { appointmentId: string; slotId: string };
      movesAsked.set(appointmentId, (movesAsked.get(appointmentId) ?? new Set()).add(`Slot/${slotId}`));
    }
  }
  for (const [id, rows] of rowsOf) {
    const count = central.versionCounts.get(`Appointment/${id}`) ?? 0;
    for (let version = 2; version <= count; version++) {
      const before = (central.history.get(`Appointment/${id}/${version - 1}`) as Appointment | undefined)?.slot?.[0]?.reference;
      const after = (central.history.get(`Appointment/${id}/${version}`) as Appointment | undefined)?.slot?.[0]?.reference;
      if (before !== after && !movesAsked.get(id)?.has(after ?? '')) problems.push(`Appointment/${id} moved from ${before} to ${after} in version ${version}, which no applied move asked for`);
    }
    if (rows.length > 1 && !movesAsked.has(id)) problems.push(`Appointment/${id} has ${rows.length} ledger rows but no move of it was applied`);
  }

  // Offline bookings and cancellations from the workstations.
  const workstation = { attempted: 0, accepted: 0, refused: 0, refusedWithAlternatives: 0, cancels: 0, cancelsApplied: 0, moves: 0, movesApplied: 0, movesRefused: 0 };
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
      if (mutation.kind === 'reschedule') {
        workstation.moves++;
        problems.push(...checkMove(ws, mutation, result, central, workstation));
        continue;
      }
      if (mutation.kind !== 'book') continue;
      workstation.attempted++;
      const { slotId, appointment: wanted } = mutation.args as { slotId: string; appointment: Appointment & { id: string } };
      const rows = rowsOf.get(wanted.id) ?? [];
      if (result?.status === 'applied') {
        workstation.accepted++;
        // Its first row; later rows are moves of it.
        if (rows.length < 1 || rows[0]!.channel !== 'workstation' || rows[0]!.slotId !== slotId) problems.push(`${ws.name}: booking ${wanted.id} of Slot/${slotId} was applied but the ledger has ${JSON.stringify(rows)}`);
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
    // Its first row; a desk may have moved it since.
    if (told && (rows.length < 1 || rows[0]!.channel !== 'cabinet' || rows[0]!.patientId !== booking.patientId || rows[0]!.slotId !== booking.slotId)) {
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

/**
 * A move applied exactly once: the version its answer names holds the appointment in the slot it
 * asked for. Refused because the slot was taken: the refusal is in the inbox with alternatives
 * (never that slot) and names the patient to call.
 */
function checkMove(ws: WorkstationSnapshot, mutation: WorkstationSnapshot['outbox'][number], result: { status: string; resource?: { meta?: { versionId?: string } } } | undefined, central: CentralSnapshot, figures: BookingFigures['workstation']): string[] {
  const { appointmentId, slotId } = mutation.args as { appointmentId: string; slotId: string };
  if (result?.status === 'applied') {
    figures.movesApplied++;
    const version = result.resource?.meta?.versionId;
    const stored = central.history.get(`Appointment/${appointmentId}/${version}`) as Appointment | undefined;
    return stored?.slot?.[0]?.reference === `Slot/${slotId}` ? [] : [`${ws.name}: move of Appointment/${appointmentId} to Slot/${slotId} was applied, but its version ${version} names ${stored?.slot?.[0]?.reference}`];
  }
  if (result?.status !== 'rejected') return [];
  figures.movesRefused++;
  const code = (result as { outcome?: { issue?: { details?: { coding?: { code?: string }[] } }[] } }).outcome?.issue?.[0]?.details?.coding?.[0]?.code;
  if (code !== 'slot-taken') return [];
  const refusal = readBookingRefusal(ws.inboxOutcomes.get(mutation.mutationId));
  if (!refusal) return [`${ws.name}: the refusal of the move of ${appointmentId} (slot taken) is not in the inbox with its alternatives`];
  const problems: string[] = [];
  if (refusal.alternatives.some((a) => a.slotId === slotId)) problems.push(`${ws.name}: the refusal of the move of ${appointmentId} offers the taken Slot/${slotId}`);
  if (!refusal.patient?.patientId) problems.push(`${ws.name}: the refusal of the move of ${appointmentId} does not name the patient to call`);
  return problems;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;
}
