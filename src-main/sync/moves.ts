import type { Appointment } from '@medplum/fhirtypes';
import { CANCELLED_BY_CLINIC, SCHEDULING_SYSTEMS } from '../../shared/fhir/scheduling.js';
import type { LocalStore } from '../db/local-store.js';
import type { WireMutation } from './refusals.js';

/**
 * Moves queued before sync protocol 3 (an upgraded workstation may still hold some): a `book` of
 * the new slot whose old booking waits (pending_move). New moves are `reschedule` mutations that
 * Central applies in one transaction and settle like any other mutation. When Central answers such
 * a `book`: confirmed, the old booking is cancelled now (queued behind it, shown cancelled here at
 * once); refused, the move is forgotten and the patient keeps their old time. Call inside the
 * transaction that settles the `book`.
 */
export function settleMove(store: LocalStore, wire: WireMutation, applied: boolean, now: Date): void {
  if (wire.kind !== 'book') return;
  const appointmentId = (wire.args as { appointment?: { id?: string } } | null)?.appointment?.id;
  const move = appointmentId ? store.scheduling.takeMove(appointmentId) : null;
  if (!move || !applied) return;
  const reason = move.reason ?? 'Rescheduled';
  store.outbox.enqueue('cancel', { appointmentId: move.replaces, reason }, null, now, wire.author ?? null);
  const old = store.resources.get<Appointment>('Appointment', move.replaces);
  if (old && old.status !== 'cancelled') {
    store.resources.writeLocal({ ...old, status: 'cancelled', cancelationReason: { coding: [{ system: SCHEDULING_SYSTEMS.cancellationReason, code: CANCELLED_BY_CLINIC }], text: reason } });
  }
}
