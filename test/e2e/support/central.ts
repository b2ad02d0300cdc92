import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnvironment, type CentralConfig } from '../../../src-server/config.js';
import { startCentral, type RunningCentral } from '../../../src-server/main.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from '../../../src-server/registers/population/simulator.js';
import { createTestDatabase } from '../../support/central.js';

/** A small file in the Ministry's ICD-10 format: the full classification takes minutes to import on a busy machine. */
const ICD10_SAMPLE = fileURLToPath(new URL('../../fixtures/terminology/icd10-ru.nsi-sample.csv', import.meta.url));

export const DEMO_PASSWORD = 'Medkarta-E2E-2025-demo';

/**
 * A real Central for the end-to-end suite, with the demo region and the population register
 * simulator, that can be stopped and started again on the same port and the same data (PGlite in
 * a folder, or a PostgreSQL database of its own when DATABASE_URL is set): the workstations see a
 * real outage, not a mock.
 */
export interface E2eCentral {
  url: string;
  register: PopulationRegisterSimulator;
  running(): RunningCentral;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startE2eCentral(options: { demoPatients?: number } = {}): Promise<E2eCentral> {
  const register = await startPopulationRegisterSimulator({ seed: 1 });
  process.env.MEDKARTA_POPULATION_REGISTER_URL = register.url;
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'medkarta-e2e-central-'));
  const config: CentralConfig = {
    ...configFromEnvironment({}, []),
    host: '127.0.0.1',
    port: await freePort(),
    databaseUrl: database.url,
    dataDir,
    icd10File: ICD10_SAMPLE,
    demo: true,
    demoPatients: options.demoPatients ?? 12,
    demoSeed: 1,
    demoPassword: DEMO_PASSWORD,
  };
  let central: RunningCentral | null = await startCentral(config);
  const url = central.url;
  return {
    url,
    register,
    running: () => {
      if (!central) throw new Error('Central is stopped');
      return central;
    },
    async stop() {
      await central?.close();
      central = null;
    },
    async start() {
      central ??= await startCentral({ ...config, publicBaseUrl: url });
    },
    async close() {
      await central?.close();
      central = null;
      await register.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
