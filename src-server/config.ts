import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CentralConfig {
  host: string;
  port: number;
  /** PostgreSQL connection string; without it Central uses embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Base URL written into bundle links and Location headers. */
  publicBaseUrl: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  demoPatients: number;
}

export function configFromEnvironment(env: NodeJS.ProcessEnv, argv: readonly string[]): CentralConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.MEDKARTA_DATA_DIR ?? join(homedir(), '.local', 'share', 'medkarta', 'central'),
    bodyLimit: Number(env.MEDKARTA_BODY_LIMIT ?? 16 * 1024 * 1024),
    publicBaseUrl: env.MEDKARTA_PUBLIC_URL || undefined,
    demo: argv.includes('--demo'),
    demoPassword: env.MEDKARTA_DEMO_PASSWORD || undefined,
    demoPatients: Number(env.MEDKARTA_DEMO_PATIENTS ?? 300),
  };
}
