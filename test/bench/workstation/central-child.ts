/**
 * Central for the sync benchmark, in a process of its own so the workstation's memory and CPU are
 * measured alone: a fresh database (PostgreSQL when DATABASE_URL is set, else PGlite), the bench
 * clinic's working set written straight into the resource table (the benchmark measures the pull,
 * not Central's write path), an enrolled workstation. Reports to the parent, closes on 'stop'.
 */
import type { Resource } from '@medplum/fhirtypes';
import { enrolDevice } from '../../../src-server/auth/devices.js';
import { configFromEnvironment } from '../../../src-server/config.js';
import { startCentral } from '../../../src-server/main.js';
import { createTestDatabase } from '../../support/central.js';
import { benchOrganization, BENCH_ORGANIZATION, workingSet } from './working-set.js';

const patients = Number(process.env.BENCH_PATIENTS ?? 10_000);
const perPatient = Number(process.env.BENCH_PER_PATIENT ?? 50);
const testDb = await createTestDatabase();
const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: testDb.url, icd10File: undefined }, { inMemory: true });
const db = central.ctx.db;
const started = performance.now();
let seeded = 0;
const patientOf = (r: Resource) => (r.resourceType === 'Patient' ? r.id! : /^Patient\/(.+)$/.exec((r as { subject?: { reference?: string }; patient?: { reference?: string } }).subject?.reference ?? (r as { patient?: { reference?: string } }).patient?.reference ?? '')?.[1] ?? null);
for (const batch of [[benchOrganization as Resource], ...workingSet(patients, perPatient)]) {
  await db.query(
    `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, patient_id, content)
     SELECT t, i, 1, '2025-06-01T08:00:00Z', false, p, c::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(t, i, p, c)`,
    [batch.map((r) => r.resourceType), batch.map((r) => r.id!), batch.map(patientOf), batch.map((r) => JSON.stringify(r))],
  );
  seeded += batch.length;
}
// A Central's tables are vacuumed and analysed, and written out; one loaded a moment ago is not:
// autovacuum would set about it, and PostgreSQL's checkpointer write out the load, in the middle
// of the download, on the same two cores. (CHECKPOINT needs a superuser: skipped without one.)
await db.query('VACUUM (ANALYZE) resource');
if (db.engine === 'postgres') await db.query('CHECKPOINT').catch(() => undefined);
const device = await enrolDevice(db, { organizationId: BENCH_ORGANIZATION, display: 'Bench workstation', enrolledBy: 'bench' }, new Date());
process.send!({ type: 'ready', url: central.url, engine: db.engine, seeded, seedSeconds: (performance.now() - started) / 1000, ...device });
process.on('message', (message: { type?: string }) => {
  // CPU seconds this process has used: on a shared machine, what Central's part cost apart from waiting for a core.
  if (message.type === 'cpu') process.send!({ type: 'cpu', seconds: cpuSeconds() });
  if (message.type === 'stop') void central.close().then(() => testDb.drop()).then(() => process.exit(0));
});

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
