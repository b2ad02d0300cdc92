import { createServer } from 'node:net';
import { join } from 'node:path';
import { generateDatabaseKey, type DatabaseKey } from '../../src-main/keys/database-key.js';
import { openDatabase } from '../../src-server/db/open.js';
import type { Database } from '../../src-server/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/central.js';
import { Child } from './child.js';
import { FaultProxy, type FaultRates } from './fault-proxy.js';
import { seededRandom } from './random.js';
import { clinic, patient, type Clinic } from './support/fhir.js';
import { enrolWorkstation, seedClinic, seedResources } from './support/seed-central.js';

export const ORGANIZATION = 'sim-clinic';
const SLOTS = 30;
const ATTACHED_PATIENTS = 6;
const DAY = 86_400_000;

export interface SimWorkstation {
  name: string;
  deviceId: string;
  deviceSecret: string;
  storePath: string;
  key: DatabaseKey;
  skewMs: number;
  proxy: FaultProxy;
  proxyUrl: string;
  child: Child | undefined;
  incarnation: number;
}

/**
 * Everything one simulation run stands on: Central's database (a PGlite folder, or a fresh
 * PostgreSQL database when DATABASE_URL is set) seeded with a clinic and its enrolled
 * workstations; Central in its own process on a fixed port; one fault proxy per workstation.
 */
export class World {
  central!: Child;
  port = 0;
  workstations: SimWorkstation[] = [];
  theClinic!: Clinic;
  /** Versions each resource had before the workstations began (for the exactly-once count). */
  seededVersions = new Map<string, number>();
  private testDb: TestDatabase | undefined;
  private centralStarts = 0;

  constructor(
    readonly seed: number,
    readonly dir: string,
  ) {}

  async prepare(rates: FaultRates): Promise<void> {
    if (process.env.DATABASE_URL) this.testDb = await createTestDatabase();
    const db = await this.openDatabase();
    const now = new Date();
    this.theClinic = clinic(ORGANIZATION, SLOTS, now);
    await seedClinic(db, this.theClinic, now);
    const patients = Array.from({ length: ATTACHED_PATIENTS }, (_, i) => patient(`sim-p${i}`, 4000 + i, ORGANIZATION));
    await seedResources(db, patients, now);
    for (const resource of [...this.theClinic.directory, ...this.theClinic.slots, ...patients]) this.seededVersions.set(`${resource.resourceType}/${resource.id}`, 1);
    const random = seededRandom(this.seed);
    // One workstation on time, one a day fast, one a day slow.
    const skews = [0, DAY, -DAY];
    for (const [index, skewMs] of skews.entries()) {
      const device = await enrolWorkstation(db, ORGANIZATION, `Sim ${index}`, now);
      const proxy = new FaultProxy(() => this.port, seededRandom(Math.floor(random() * 2 ** 31)), rates);
      this.workstations.push({ name: `ws${index}`, ...device, storePath: join(this.dir, `ws${index}.db`), key: generateDatabaseKey(), skewMs, proxy, proxyUrl: await proxy.start(), child: undefined, incarnation: 0 });
    }
    await db.close();
    this.port = await freePort();
  }

  openDatabase(): Promise<Database> {
    return openDatabase(this.testDb ? { databaseUrl: this.testDb.url } : { dataDir: join(this.dir, 'central') });
  }

  async startCentral(): Promise<void> {
    this.centralStarts++;
    const env: Record<string, string> = { SIM_PORT: String(this.port), SIM_DATA_DIR: join(this.dir, 'central'), SIM_DATABASE_URL: this.testDb?.url ?? '' };
    this.central = new Child('./central-process.ts', env, `central#${this.centralStarts}`);
    await this.central.start();
  }

  async startWorkstation(ws: SimWorkstation): Promise<void> {
    ws.incarnation++;
    const env: Record<string, string> = {
      SIM_NAME: ws.name,
      SIM_INCARNATION: String(ws.incarnation),
      SIM_STORE: ws.storePath,
      SIM_KEY: ws.key,
      SIM_CENTRAL: ws.proxyUrl,
      SIM_DEVICE_ID: ws.deviceId,
      SIM_DEVICE_SECRET: ws.deviceSecret,
      SIM_SKEW_MS: String(ws.skewMs),
      SIM_SEED: String(this.seed * 1000 + Number(ws.name.slice(2)) * 100 + ws.incarnation),
      SIM_ORG: ORGANIZATION,
      SIM_PATIENTS: Array.from({ length: ATTACHED_PATIENTS }, (_, i) => `sim-p${i}`).join(','),
      SIM_SLOTS: this.theClinic.slots.map((slot) => slot.id).join(','),
    };
    ws.child = new Child('./workstation-process.ts', env, `${ws.name}#${ws.incarnation}`);
    await ws.child.start();
  }

  async dispose(): Promise<void> {
    for (const ws of this.workstations) {
      await ws.child?.kill();
      await ws.proxy.close();
    }
    await this.central?.kill();
    await this.testDb?.drop();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
