import type { Resource } from '@medplum/fhirtypes';
import { openEncryptedDatabase } from '../../src-main/db/open.js';
import type { DatabaseKey } from '../../src-main/keys/database-key.js';
import type { Database } from '../../src-server/db/database.js';

/** What the simulation compares at the end, read straight from the files and tables. */
export interface WorkstationSnapshot {
  name: string;
  clientId: string;
  outbox: { mutationId: number; kind: string; args: Record<string, unknown>; status: string }[];
  inbox: Set<number>;
  /** Central's OperationOutcome of each refusal in the inbox, by mutation id. */
  inboxOutcomes: Map<number, unknown>;
  /** Why Central refused, as inbox items say it. */
  reasons: string[];
  /** Live rows of the replica by "Type/id". */
  replica: Map<string, { version: number; content: Resource }>;
  audit: { eventId: string; delivered: boolean }[];
}

export interface CentralSnapshot {
  clients: Map<string, number>;
  results: Map<string, { status: string; resource?: Resource }>;
  live: Map<string, { version: number; content: Resource; patientId: string | null }>;
  versionCounts: Map<string, number>;
  history: Map<string, Resource>;
  auditIds: Set<string>;
  scopes: Map<string, Set<string>>;
  /** The booking ledger (slot_booking), every row, released or not. */
  ledger: LedgerRow[];
  /** AuditEvents workstations delivered (those naming a device). */
  deviceAudit: DeviceAuditRow[];
  /** The walk-in queues (walk_in), every row, in the order Central shows each day's queue. */
  walkIns: WalkInRow[];
}

export interface WalkInRow {
  appointmentId: string;
  organizationId: string;
  queueDate: string;
  queuedAt: string;
}

export interface LedgerRow {
  slotId: string;
  appointmentId: string;
  patientId: string;
  channel: string;
  bookedBy: string;
  released: boolean;
  releaseReason: string | null;
}

export interface DeviceAuditRow {
  id: string;
  deviceId: string;
  /** What the event says happened, without its id: two rows alike are one access recorded twice. */
  fingerprint: string;
}

export function readWorkstation(name: string, clientId: string, path: string, key: DatabaseKey): WorkstationSnapshot {
  const db = openEncryptedDatabase(path, key);
  try {
    const outbox = db.prepare<[], { mutation_id: number; kind: string; args: string; status: string }>('SELECT mutation_id, kind, args, status FROM outbox ORDER BY mutation_id').all();
    const replica = new Map<string, { version: number; content: Resource }>();
    for (const row of db.prepare<[], { type: string; id: string; version_id: number; content: string }>('SELECT type, id, version_id, content FROM resources WHERE deleted = 0').all()) {
      replica.set(`${row.type}/${row.id}`, { version: row.version_id, content: JSON.parse(row.content) as Resource });
    }
    return {
      name,
      clientId,
      outbox: outbox.map((row) => ({ mutationId: row.mutation_id, kind: row.kind, args: JSON.parse(row.args) as Record<string, unknown>, status: row.status })),
      inbox: new Set(db.prepare<[], { mutation_id: number }>('SELECT mutation_id FROM inbox').all().map((row) => row.mutation_id)),
      inboxOutcomes: new Map(db.prepare<[], { mutation_id: number; outcome: string }>('SELECT mutation_id, outcome FROM inbox').all().map((row) => [row.mutation_id, JSON.parse(row.outcome) as unknown])),
      reasons: db
        .prepare<[], { kind: string; outcome: string }>('SELECT kind, outcome FROM inbox')
        .all()
        .map((row) => `${row.kind}: ${(JSON.parse(row.outcome) as { issue?: { details?: { text?: string } }[] }).issue?.[0]?.details?.text ?? '?'}`),
      replica,
      audit: db.prepare<[], { event_id: string; delivered: number }>('SELECT event_id, delivered FROM audit_local').all().map((row) => ({ eventId: row.event_id, delivered: row.delivered === 1 })),
    };
  } finally {
    db.close();
  }
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export async function readCentral(db: Database): Promise<CentralSnapshot> {
  const clients = new Map((await db.query<{ client_id: string; last_mutation_id: string }>('SELECT client_id, last_mutation_id FROM sync_client')).rows.map((r) => [r.client_id, Number(r.last_mutation_id)]));
  const results = new Map<string, { status: string; resource?: Resource }>();
  for (const row of (await db.query<{ client_id: string; mutation_id: string; result: unknown }>('SELECT client_id, mutation_id, result FROM sync_mutation_result')).rows) {
    results.set(`${row.client_id}#${Number(row.mutation_id)}`, json(row.result as { status: string; resource?: Resource }));
  }
  const live = new Map<string, { version: number; content: Resource; patientId: string | null }>();
  for (const row of (await db.query<{ resource_type: string; id: string; version_id: number; content: unknown; patient_id: string | null }>('SELECT resource_type, id, version_id, content, patient_id FROM resource WHERE NOT deleted')).rows) {
    live.set(`${row.resource_type}/${row.id}`, { version: row.version_id, content: json(row.content as Resource), patientId: row.patient_id });
  }
  const versionCounts = new Map<string, number>();
  const history = new Map<string, Resource>();
  for (const row of (await db.query<{ resource_type: string; id: string; version_id: number; content: unknown }>('SELECT resource_type, id, version_id, content FROM resource_history')).rows) {
    const key = `${row.resource_type}/${row.id}`;
    versionCounts.set(key, (versionCounts.get(key) ?? 0) + 1);
    history.set(`${key}/${row.version_id}`, json(row.content as Resource));
  }
  const auditIds = new Set((await db.query<{ id: string }>('SELECT id FROM audit_event')).rows.map((r) => r.id));
  const scopes = new Map<string, Set<string>>();
  for (const row of (await db.query<{ client_id: string; resource_type: string; id: string }>('SELECT client_id, resource_type, id FROM sync_scope_member WHERE left_gen IS NULL')).rows) {
    if (!scopes.has(row.client_id)) scopes.set(row.client_id, new Set());
    scopes.get(row.client_id)!.add(`${row.resource_type}/${row.id}`);
  }
  const ledger = (
    await db.query<{ slot_id: string; appointment_id: string; patient_id: string; channel: string; booked_by: string; released_at: unknown; release_reason: string | null }>(
      'SELECT slot_id, appointment_id, patient_id, channel, booked_by, released_at, release_reason FROM slot_booking ORDER BY id',
    )
  ).rows.map((r) => ({ slotId: r.slot_id, appointmentId: r.appointment_id, patientId: r.patient_id, channel: r.channel, bookedBy: r.booked_by, released: r.released_at !== null, releaseReason: r.release_reason }));
  const deviceAudit = (await db.query<{ id: string; device_id: string; content: unknown }>('SELECT id, device_id, content FROM audit_event WHERE device_id IS NOT NULL')).rows.map((r) => {
    const { id: _id, extension: _received, ...what } = json(r.content as Resource & { extension?: unknown });
    return { id: r.id, deviceId: r.device_id, fingerprint: JSON.stringify(what) };
  });
  const walkIns = (
    await db.query<{ appointment_id: string; organization_id: string; queue_date: string; queued_at: unknown }>(
      'SELECT appointment_id, organization_id, queue_date::text AS queue_date, queued_at FROM walk_in ORDER BY organization_id, queue_date, queued_at, seq',
    )
  ).rows.map((r) => ({ appointmentId: r.appointment_id, organizationId: r.organization_id, queueDate: r.queue_date, queuedAt: new Date(r.queued_at as string).toISOString() }));
  return { clients, results, live, versionCounts, history, auditIds, scopes, ledger, deviceAudit, walkIns };
}
