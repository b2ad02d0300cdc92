import type { Appointment } from '@medplum/fhirtypes';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { isWalkIn, participantId } from '../../shared/fhir/appointment-summary.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import type { CentralSnapshot, WorkstationSnapshot } from './snapshots.js';

export interface WalkInFigures {
  added: number;
  applied: number;
  refused: number;
  steps: number;
  stepsApplied: number;
  stepsRefused: number;
}

const STEP_STATUS = { call: 'checked-in', done: 'fulfilled', left: 'cancelled' } as const;

/**
 * What must hold of the walk-in queues once everything has synced: each walk-in queued at a
 * workstation is in its clinic's queue at Central exactly once (or was refused and is nowhere),
 * Central's queue holds nothing else, every step applied shows in the appointment's history, and
 * each workstation orders a day's queue as Central does.
 */
export function checkWalkIns(central: CentralSnapshot, workstations: WorkstationSnapshot[], organizationId: string): { problems: string[]; figures: WalkInFigures } {
  const problems: string[] = [];
  const figures: WalkInFigures = { added: 0, applied: 0, refused: 0, steps: 0, stepsApplied: 0, stepsRefused: 0 };
  const rows = new Map<string, number>();
  for (const row of central.walkIns) rows.set(row.appointmentId, (rows.get(row.appointmentId) ?? 0) + 1);
  const queuedHere = new Set<string>();
  const appointment = (id: string) => central.live.get(`Appointment/${id}`)?.content as Appointment | undefined;

  for (const ws of workstations) {
    for (const mutation of ws.outbox) {
      if (mutation.kind !== 'walk-in') continue;
      const args = mutation.args as { action: string; appointmentId: string; patientId?: string };
      const result = central.results.get(`${ws.clientId}#${mutation.mutationId}`);
      if (args.action === 'add') {
        figures.added++;
        if (result?.status === 'applied') {
          figures.applied++;
          queuedHere.add(args.appointmentId);
          const held = appointment(args.appointmentId);
          if (rows.get(args.appointmentId) !== 1) problems.push(`${ws.name}: walk-in ${args.appointmentId} was applied, Central's queue holds it ${rows.get(args.appointmentId) ?? 0} times`);
          if (!held || !isWalkIn(held) || participantId(held, 'Patient') !== args.patientId) problems.push(`${ws.name}: walk-in ${args.appointmentId} of Patient/${args.patientId} was applied, Central holds ${JSON.stringify(held?.participant)}`);
        } else if (result?.status === 'rejected') {
          figures.refused++;
          if (rows.has(args.appointmentId) || appointment(args.appointmentId)) problems.push(`${ws.name}: walk-in ${args.appointmentId} was refused yet Central holds it`);
        }
        continue;
      }
      figures.steps++;
      if (result?.status === 'rejected') figures.stepsRefused++;
      if (result?.status !== 'applied') continue;
      figures.stepsApplied++;
      const wanted = STEP_STATUS[args.action as keyof typeof STEP_STATUS];
      const versions = central.versionCounts.get(`Appointment/${args.appointmentId}`) ?? 0;
      const shown = Array.from({ length: versions }, (_, i) => (central.history.get(`Appointment/${args.appointmentId}/${i + 1}`) as Appointment | undefined)?.status);
      if (!shown.includes(wanted)) problems.push(`${ws.name}: step ${args.action} of walk-in ${args.appointmentId} was applied, its history is ${shown.join(' → ')}`);
    }
  }
  for (const row of central.walkIns) {
    if (row.organizationId !== organizationId) problems.push(`walk-in ${row.appointmentId} is queued at ${row.organizationId}, not the clinic`);
    if (!queuedHere.has(row.appointmentId)) problems.push(`walk-in ${row.appointmentId} is in Central's queue, but no workstation's walk-in was applied as it`);
  }

  // A day's queue in Central's order (arrival, then insertion) is the order each desk shows it in.
  const days = new Map<string, string[]>();
  for (const row of central.walkIns) days.set(row.queueDate, [...(days.get(row.queueDate) ?? []), row.appointmentId]);
  for (const ws of workstations) {
    const local = [...ws.replica.values()].map((row) => row.content as Appointment & { id: string }).filter((a) => a.resourceType === 'Appointment' && isWalkIn(a));
    for (const [date, queue] of days) {
      const mine = local
        .filter((a) => localDateOf(a.start!, DEFAULT_TIME_ZONE) === date)
        .sort((a, b) => (a.created ?? a.start!).localeCompare(b.created ?? b.start!) || a.id.localeCompare(b.id))
        .map((a) => a.id);
      const expected = queue.filter((id) => mine.includes(id));
      if (mine.join() !== expected.join()) problems.push(`${ws.name}: the walk-in queue of ${date} is ${mine.join(', ')}, Central's ${expected.join(', ')}`);
    }
  }
  return { problems, figures };
}
