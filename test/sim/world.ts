import { createServer } from 'node:net';
import pg from 'pg';
import { join } from 'node:path';
import { generateDatabaseKey, type DatabaseKey } from '../../src-main/keys/database-key.js';
import { openDatabase } from '../../src-server/db/open.js';
import type { Database } from '../../src-server/db/database.js';
import { Child } from './child.js';
import { FaultProxy, type FaultRates } from './fault-proxy.js';
import { seededRandom } from './random.js';
import { ATTACHED_PATIENTS, ORGANIZATION, OTHER_CLINIC, VISITORS, type CentralTemplate } from './template.js';

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
 * Everything one simulation run stands on: Central's database (a copy of the seeded template),
 * Central in its own process on a fixed port, one fault proxy per workstation, and the
 * workstations' processes with their own encrypted stores.
 */
export class World {
  central!: Child;
  port = 0;
  workstations: SimWorkstation[] = [];
  /** Pieces of work the workstations reported doing, by kind. */
  actions: Record<string, number> = {};
  /** Ids of the AuditEvents each workstation reported recording (chart openings, searches), by name. */
  audited = new Map<string, Set<string>>();
  /** The patients' side: their phones and browsers reach Central through a faulty network too. */
  cabinetProxy!: FaultProxy;
  cabinetUrl = '';
  private database: { dataDir?: string; databaseUrl?: string; drop(): Promise<void> } | undefined;
  private centralStarts = 0;

  constructor(
    readonly seed: number,
    readonly dir: string,
    readonly template: CentralTemplate,
  ) {}

  async prepare(rates: FaultRates): Promise<void> {
    this.database = await this.template.instantiate(this.dir);
    const random = seededRandom(this.seed);
    // One workstation on time, one a day fast, one a day slow.
    const skews = [0, DAY, -DAY];
    for (const [index, device] of this.template.devices.entries()) {
      const proxy = new FaultProxy(() => this.port, seededRandom(Math.floor(random() * 2 ** 31)), rates);
      const skewMs = skews[index % skews.length]!;
      this.workstations.push({ name: `ws${index}`, ...device, storePath: join(this.dir, `ws${index}.db`), key: generateDatabaseKey(), skewMs, proxy, proxyUrl: await proxy.start(), child: undefined, incarnation: 0 });
    }
    // Patients reach Central from addresses of their own (Central throttles logins per address):
    // 127.0.0.2 where the loopback has it (Linux), else the same address as the workstations.
    this.cabinetProxy = new FaultProxy(() => this.port, seededRandom(Math.floor(random() * 2 ** 31)), rates, (await canBind('127.0.0.2')) ? '127.0.0.2' : '127.0.0.1');
    this.cabinetUrl = await this.cabinetProxy.start();
    this.port = await freePort();
  }

  openDatabase(): Promise<Database> {
    return openDatabase(this.database!.databaseUrl ? { databaseUrl: this.database!.databaseUrl } : { dataDir: this.database!.dataDir });
  }

  /**
   * Waits until every change written so far shows in the change feed. On PostgreSQL the feed
   * holds back a transaction while any older one in the cluster runs (other databases' too), so
   * a second sync round right after the first could miss the last writes of a busy shared server.
   */
  async waitForFeed(timeoutMs = 60_000): Promise<void> {
    if (!this.database?.databaseUrl) return;
    const client = new pg.Client({ connectionString: this.database.databaseUrl });
    await client.connect();
    try {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const { rows } = await client.query<{ caught_up: boolean }>(`SELECT coalesce(max(tx) < pg_snapshot_xmin(pg_current_snapshot()), true) AS caught_up FROM change_log`);
        if (rows[0]!.caught_up) return;
      }
      throw new Error('The change feed did not catch up within a minute: a transaction elsewhere on the server holds it back');
    } finally {
      await client.end();
    }
  }

  async startCentral(): Promise<void> {
    this.centralStarts++;
    const env: Record<string, string> = { SIM_PORT: String(this.port), SIM_DATA_DIR: this.database!.dataDir ?? '', SIM_DATABASE_URL: this.database!.databaseUrl ?? '' };
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
      SIM_VISITORS: Array.from({ length: VISITORS }, (_, i) => `sim-v${i}`).join(','),
      SIM_OTHER_ORG: OTHER_CLINIC,
      SIM_SLOTS: this.template.slotIds.join(','),
    };
    ws.child = new Child('./workstation-process.ts', env, `${ws.name}#${ws.incarnation}`, (message) => {
      const action = String(message.action);
      this.actions[action] = (this.actions[action] ?? 0) + 1;
      if (typeof message.auditEventId === 'string') {
        if (!this.audited.has(ws.name)) this.audited.set(ws.name, new Set());
        this.audited.get(ws.name)!.add(message.auditEventId);
      }
    });
    await ws.child.start();
  }

  async dispose(): Promise<void> {
    for (const ws of this.workstations) {
      await ws.child?.kill();
      await ws.proxy.close();
    }
    await this.cabinetProxy?.close();
    await this.central?.kill();
    await this.database?.drop();
  }
}

function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
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
