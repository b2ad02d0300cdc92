import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { CentralConfig } from './config.js';
import type { CentralContext } from './context.js';
import { TokenSigner } from './auth/tokens.js';
import { openDatabase } from './db/open.js';
import { seedDemo, type DemoSummary } from './demo/seed.js';
import { ensureIcd10 } from './terminology/bootstrap.js';
import type { Icd10ImportCounts } from './terminology/icd10-import.js';

export interface RunningCentral {
  app: FastifyInstance;
  ctx: CentralContext;
  url: string;
  /** What start-up did before Central began to listen. */
  startup: { icd10Codes: number; icd10Imported?: Icd10ImportCounts | undefined; demo?: DemoSummary | undefined };
  close(): Promise<void>;
}

/**
 * Opens the database, migrates, imports ICD-10 into an empty table, seeds the demo region when
 * asked, and only then starts listening: whoever gets an answer from /healthz gets a ready Central.
 * Used by the CLI, tests and benchmarks.
 */
export async function startCentral(config: CentralConfig, options: { inMemory?: boolean; progress?: (text: string) => void } = {}): Promise<RunningCentral> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: options.inMemory ? undefined : config.dataDir });
  try {
    const icd10 = await ensureIcd10(db, config.icd10File);
    const ctx: CentralContext = { db, config, now: () => new Date(), tokens: await TokenSigner.load(db) };
    const demo = config.demo ? await seedDemo(ctx, { patients: config.demoPatients, seed: config.demoSeed, password: config.demoPassword, progress: options.progress }) : undefined;
    const app = await buildApp(ctx);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    if (!config.publicBaseUrl) config.publicBaseUrl = url;
    return {
      app,
      ctx,
      url,
      startup: { icd10Codes: icd10.codes, icd10Imported: icd10.imported, demo },
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
