import { cpSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src-server/db/open.js';
import type { Database } from '../../src-server/db/database.js';
import { clinic, encounter, patient, type Clinic } from './support/fhir.js';
import { enrolWorkstation, seedClinic, seedResources } from './support/seed-central.js';

export const ORGANIZATION = 'sim-clinic';
export const SLOTS = 30;
export const ATTACHED_PATIENTS = 6;
/** Patients of another clinic with a history there: a visit here brings them into the scope, whole. */
export const VISITORS = 4;
export const OTHER_CLINIC = 'other-clinic';
export const WORKSTATIONS = 3;

/**
 * Central's database as every run starts from it: migrated, seeded with the clinic (directory,
 * slots, attached patients) and its enrolled workstations. Built once per test file and copied for
 * each seed (a PGlite folder copy, or CREATE DATABASE ... TEMPLATE on PostgreSQL), because
 * migrating a fresh database costs more than a whole run.
 */
export interface CentralTemplate {
  theClinic: Clinic;
  devices: { deviceId: string; deviceSecret: string }[];
  /** Versions each resource has before the workstations begin (for the exactly-once count). */
  seededVersions: Map<string, number>;
  /** A database of its own for one run: a PGlite folder, or a PostgreSQL URL. */
  instantiate(runDir: string): Promise<{ dataDir?: string; databaseUrl?: string; drop(): Promise<void> }>;
  drop(): Promise<void>;
}

export async function buildTemplate(dir: string): Promise<CentralTemplate> {
  const adminUrl = process.env.DATABASE_URL;
  const templateName = `medkarta_sim_${randomBytes(5).toString('hex')}`;
  if (adminUrl) await adminQuery(adminUrl, `CREATE DATABASE ${templateName}`);
  const templateUrl = adminUrl ? withDatabase(adminUrl, templateName) : undefined;
  const templateDir = join(dir, 'central-template');
  const db = await openDatabase(templateUrl ? { databaseUrl: templateUrl } : { dataDir: templateDir });
  const seeded = await seed(db);
  await db.close();
  return {
    ...seeded,
    async instantiate(runDir) {
      if (!adminUrl) {
        const dataDir = join(runDir, 'central');
        cpSync(templateDir, dataDir, { recursive: true });
        return { dataDir, drop: async () => undefined };
      }
      const name = `${templateName}_${randomBytes(3).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${templateName}`);
      return { databaseUrl: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    drop: async () => (adminUrl ? adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`) : undefined),
  };
}

async function seed(db: Database): Promise<Pick<CentralTemplate, 'theClinic' | 'devices' | 'seededVersions'>> {
  const now = new Date();
  const theClinic = clinic(ORGANIZATION, SLOTS, now);
  await seedClinic(db, theClinic, now);
  const patients = Array.from({ length: ATTACHED_PATIENTS }, (_, i) => patient(`sim-p${i}`, 4000 + i, ORGANIZATION));
  const longAgo = new Date(now.getTime() - 400 * 86_400_000);
  const visitors = Array.from({ length: VISITORS }, (_, i) => [
    patient(`sim-v${i}`, 4500 + i, OTHER_CLINIC),
    encounter(`sim-v${i}-e1`, `sim-v${i}`, OTHER_CLINIC, longAgo),
    encounter(`sim-v${i}-e2`, `sim-v${i}`, OTHER_CLINIC, longAgo),
  ]).flat();
  await seedResources(db, [...patients, ...visitors], now);
  const seededVersions = new Map([...theClinic.directory, ...theClinic.slots, ...patients, ...visitors].map((r) => [`${r.resourceType}/${r.id}`, 1]));
  const devices = [];
  for (let i = 0; i < WORKSTATIONS; i++) devices.push(await enrolWorkstation(db, ORGANIZATION, `Sim ${i}`, now));
  return { theClinic, devices, seededVersions };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
