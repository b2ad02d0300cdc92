import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { CentralConfig } from './config.js';
import type { CentralContext } from './context.js';
import { TokenSigner } from './auth/tokens.js';
import { openDatabase } from './db/open.js';

export interface RunningCentral {
  app: FastifyInstance;
  ctx: CentralContext;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, and starts listening. Used by the CLI, tests and benchmarks. */
export async function startCentral(config: CentralConfig, options: { inMemory?: boolean } = {}): Promise<RunningCentral> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: options.inMemory ? undefined : config.dataDir });
  const ctx: CentralContext = { db, config, now: () => new Date(), tokens: await TokenSigner.load(db) };
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
    async close() {
      await app.close();
      await db.close();
    },
  };
}
