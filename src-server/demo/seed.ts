import type { Resource } from '@medplum/fhirtypes';
import { checkPasswordStrength } from '../auth/passwords.js';
import type { CentralContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { writeResources } from '../fhir/write.js';
import { ensureDemoAccounts, type DemoAccounts } from './accounts.js';
import { generateDemoRegion } from './generate.js';
import { demoPatientId } from './ids.js';
import { demoPerson } from './people.js';
import { bookDemoSchedule } from './seed-schedule.js';
import { minskDate } from './time.js';

export interface DemoSummary extends DemoAccounts {
  /** True on the start that created the region. */
  created: boolean;
  patients: number;
  /** Resources written by this start (0 on a later start with nothing missing). */
  written: number;
  appointments: number;
  seconds: number;
}

/** Resources per transaction: a few patients' whole records, a few round trips each. */
const BATCH_RESOURCES = 2000;
const PROGRESS_EVERY = 5000;

/**
 * Writes the demo region through the store's write path (writeResources: history, change log,
 * search index, one Patient per personal number) in batched transactions, each patient's record
 * whole in one of them. Idempotent: what exists is left alone, so a second start only adds what is
 * missing (more patients when MEDKARTA_DEMO_PATIENTS grew, the schedule's new days) and sets the
 * demo password again. Validation against R4 is the generator's unit test, not a per-start cost.
 */
export async function seedDemo(
  ctx: CentralContext,
  options: { patients: number; seed: number; password?: string | undefined; progress?: ((text: string) => void) | undefined },
): Promise<DemoSummary> {
  if (options.password !== undefined) checkDemoPassword(options.password);
  const started = performance.now();
  const now = ctx.now();
  const region = generateDemoRegion({ seed: options.seed, patients: options.patients, today: minskDate(now) });
  const directoryIds = region.directory.map((resource) => resource.id!);
  const existingDirectory = await existingIds(ctx.db, directoryIds);
  const created = existingDirectory.size === 0;
  let written = 0;
  const missingDirectory = region.directory.filter((resource) => !existingDirectory.has(resource.id!));
  if (missingDirectory.length > 0) {
    await ctx.db.transaction((tx) => writeResources(tx, missingDirectory.map((resource) => ({ kind: 'update', resource: resource as Resource & { id: string } })), now));
    written += missingDirectory.length;
  }

  const stored = await storedPatients(ctx.db);
  /** Demo patients in the store after this start: the ones found and the ones written. */
  const present = new Set<string>();
  let batch: Resource[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const resources = batch;
    batch = [];
    await ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'create', resource: resource as Resource & { id: string } })), now));
    written += resources.length;
    if (written - reported >= PROGRESS_EVERY) {
      reported = written;
      options.progress?.(`  demo: ${present.size} of ${options.patients} patients written (${written} resources)`);
    }
  };
  let reported = 0;
  const { from, count } = region.indexes;
  for (let index = from; index < from + count; index++) {
    // A stored patient's record is not even generated: later starts stay quick.
    const id = demoPatientId(region.seed, index);
    if (stored.ids.has(id)) present.add(id);
    if (stored.ids.has(id) || stored.numbers.has(demoPerson(index, region.seed).personalNumber)) continue;
    const record = region.patient(index);
    batch.push(...record.resources);
    present.add(record.patientId);
    if (batch.length >= BATCH_RESOURCES) await flush();
  }
  await flush();
  if (written > 0) options.progress?.(`  demo: ${present.size} patients in the store (${written} resources written, ${elapsed(started)} s)`);

  const booking = performance.now();
  const appointments = await bookDemoSchedule(ctx.db, region, present, now);
  if (appointments > 0) options.progress?.(`  demo: ${region.schedule().definitions.length} schedules, ${appointments} appointments booked (${elapsed(booking)} s)`);
  const accounts = await ensureDemoAccounts(ctx.db, region, { password: options.password, existingPatients: present });
  return { ...accounts, created, patients: present.size, written, appointments, seconds: elapsed(started) };
}

const elapsed = (since: number) => Math.round((performance.now() - since) / 100) / 10;

function checkDemoPassword(password: string): void {
  try {
    checkPasswordStrength(password);
  } catch (error) {
    throw new Error(`MEDKARTA_DEMO_PASSWORD: ${(error as Error).message}`);
  }
}

async function existingIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM resource WHERE id = ANY($1::text[])`, [ids]);
  return new Set(rows.map((row) => row.id));
}

/**
 * Patients already stored (by id), and personal numbers already taken: a demo person registered
 * from the population register before the demo grew to include them keeps that record, and the
 * demo skips them.
 */
async function storedPatients(q: Queryable): Promise<{ ids: Set<string>; numbers: Set<string> }> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM resource WHERE resource_type = 'Patient'`);
  const { rows: taken } = await q.query<{ personal_number: string }>(`SELECT personal_number FROM patient_personal_number`);
  return { ids: new Set(rows.map((row) => row.id)), numbers: new Set(taken.map((row) => row.personal_number)) };
}
