import type { Appointment, Resource } from '@medplum/fhirtypes';
import { isDeepStrictEqual } from 'node:util';
import type { CentralSnapshot, WorkstationSnapshot } from './snapshots.js';

/**
 * What must hold once the network is healed and every workstation has synced to the end. Returns
 * the violations found (empty when all hold), each a sentence a person can act on.
 */
export function checkInvariants(central: CentralSnapshot, workstations: WorkstationSnapshot[], seededVersions: Map<string, number>): string[] {
  const problems: string[] = [];
  const expectedVersions = new Map(seededVersions);
  const bump = (key: string) => expectedVersions.set(key, (expectedVersions.get(key) ?? 0) + 1);

  for (const ws of workstations) {
    const pending = ws.outbox.filter((m) => m.status === 'pending').length;
    if (pending > 0) problems.push(`${ws.name}: ${pending} mutations still pending after healing`);
    const last = ws.outbox.at(-1)?.mutationId ?? 0;
    if ((central.clients.get(ws.clientId) ?? 0) !== last) problems.push(`${ws.name}: Central's last mutation id is ${central.clients.get(ws.clientId)}, the outbox ends at ${last}`);
    for (const audit of ws.audit) {
      if (!audit.delivered) problems.push(`${ws.name}: AuditEvent ${audit.eventId} never queued`);
      if (!central.auditIds.has(audit.eventId)) problems.push(`${ws.name}: AuditEvent ${audit.eventId} missing at Central`);
    }
    for (const mutation of ws.outbox) {
      const result = central.results.get(`${ws.clientId}#${mutation.mutationId}`);
      if (!result) {
        problems.push(`${ws.name}: mutation ${mutation.mutationId} (${mutation.kind}) has no result at Central`);
        continue;
      }
      if (result.status !== mutation.status) problems.push(`${ws.name}: mutation ${mutation.mutationId} is ${mutation.status} locally but ${result.status} at Central`);
      if (result.status === 'rejected' && !ws.inbox.has(mutation.mutationId)) problems.push(`${ws.name}: refusal of mutation ${mutation.mutationId} is not in the inbox`);
      if (result.status !== 'applied') continue;
      for (const [key, written] of writesOf(mutation)) {
        bump(key);
        const version = result.resource?.meta?.versionId;
        if (written && version && !sameContent(central.history.get(`${key}/${version}`), written)) problems.push(`${ws.name}: mutation ${mutation.mutationId} is not what Central stored as ${key}/_history/${version}`);
      }
    }
  }
  for (const [key, count] of central.versionCounts) {
    // Scheduling writes Slots and Appointments itself, from any channel: the ledger accounts for them (booking-invariants.ts).
    if (key.startsWith('Slot/') || key.startsWith('Appointment/')) continue;
    if (count !== (expectedVersions.get(key) ?? 0)) problems.push(`${key} has ${count} versions at Central; seeding and acknowledged mutations account for ${expectedVersions.get(key) ?? 0}`);
  }
  problems.push(...doubleBookings('Central', new Map([...central.live].map(([key, row]) => [key, row.content]))));

  for (const ws of workstations) {
    const scope = expectedReplica(central, ws.clientId);
    for (const [key, row] of scope) {
      const held = ws.replica.get(key);
      if (!held) problems.push(`${ws.name}: ${key} (in its scope) is missing`);
      else if (held.version !== row.version || !isDeepStrictEqual(held.content, row.content)) problems.push(`${ws.name}: ${key} is version ${held.version}, Central has ${row.version}${held.version === row.version ? ' with other content' : ''}`);
    }
    for (const key of ws.replica.keys()) if (!scope.has(key)) problems.push(`${ws.name}: holds ${key}, which is not in its scope at Central (${whyHeld(ws, central, key)})`);
    problems.push(...doubleBookings(ws.name, new Map([...ws.replica].map(([key, row]) => [key, row.content]))));
  }
  // The workstations are of one clinic and pin no one: they must hold the very same record.
  const [first, ...others] = workstations;
  for (const ws of others) {
    const differ = [...new Set([...first!.replica.keys(), ...ws.replica.keys()])].filter((key) => first!.replica.get(key)?.version !== ws.replica.get(key)?.version);
    if (differ.length > 0) problems.push(`${ws.name} and ${first!.name} differ in ${differ.length} resources (${differ.slice(0, 5).join(', ')})`);
  }
  return problems;
}

/** What a person debugging a stray replica row needs: the versions on both sides and this workstation's writes of it. */
function whyHeld(ws: WorkstationSnapshot, central: CentralSnapshot, key: string): string {
  const held = ws.replica.get(key)!;
  const live = central.live.get(key);
  const writes = ws.outbox
    .filter((m) => JSON.stringify(m.args).includes(key.split('/')[1]!))
    .map((m) => `#${m.mutationId} ${m.kind} ${m.status}${ws.inbox.has(m.mutationId) ? ' (inbox)' : ''}`);
  const organization = (held.content as { managingOrganization?: { reference?: string } }).managingOrganization?.reference;
  return `held v${held.version} ${organization ?? ''}, Central ${live ? `v${live.version}` : 'none'}; its writes here: ${writes.join(', ') || 'none'}`;
}

/**
 * The resources a create or update writes when applied, with the content it gives each. A booking
 * or cancellation is scheduling's command: its writes are checked against the ledger instead.
 */
function writesOf(mutation: WorkstationSnapshot['outbox'][number]): [string, Resource | undefined][] {
  const args = mutation.args as { resource?: Resource };
  if ((mutation.kind === 'create' || mutation.kind === 'update') && args.resource) return [[`${args.resource.resourceType}/${args.resource.id}`, args.resource]];
  return [];
}

function sameContent(stored: Resource | undefined, written: Resource): boolean {
  if (!stored) return false;
  const { meta: _a, ...storedRest } = stored;
  const { meta: _b, ...writtenRest } = written;
  return isDeepStrictEqual(storedRest, writtenRest);
}

/** What a client's replica must hold: its scope members, patients standing for their whole records. */
function expectedReplica(central: CentralSnapshot, clientId: string): Map<string, { version: number; content: Resource }> {
  const members = central.scopes.get(clientId) ?? new Set<string>();
  const patients = new Set([...members].filter((m) => m.startsWith('Patient/')).map((m) => m.slice(8)));
  const expected = new Map<string, { version: number; content: Resource }>();
  for (const [key, row] of central.live) {
    if (members.has(key) || (row.patientId !== null && patients.has(row.patientId))) expected.set(key, { version: row.version, content: row.content });
  }
  return expected;
}

/** No slot holds two active appointments, and a slot is busy exactly when it holds one. */
function doubleBookings(where: string, resources: Map<string, Resource>): string[] {
  const bookings = new Map<string, string[]>();
  for (const resource of resources.values()) {
    if (resource.resourceType !== 'Appointment' || (resource as Appointment).status === 'cancelled') continue;
    // A walk-in holds no slot.
    const slot = (resource as Appointment).slot?.[0]?.reference;
    if (!slot) continue;
    bookings.set(slot, [...(bookings.get(slot) ?? []), resource.id!]);
  }
  const problems: string[] = [];
  for (const [slot, appointments] of bookings) if (appointments.length > 1) problems.push(`${where}: ${slot} is booked twice (${appointments.join(', ')})`);
  for (const [key, resource] of resources) {
    if (resource.resourceType !== 'Slot') continue;
    const booked = (bookings.get(key)?.length ?? 0) > 0;
    if (booked !== ((resource as { status?: string }).status === 'busy')) problems.push(`${where}: ${key} is ${(resource as { status?: string }).status} but has ${booked ? 'an' : 'no'} appointment`);
  }
  return problems;
}
