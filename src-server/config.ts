import { homedir } from 'node:os';
import { join } from 'node:path';
import { ICD10_RESOURCE_FILE } from './terminology/resources.js';

export interface CentralConfig {
  host: string;
  port: number;
  /** PostgreSQL connection string; without it Central uses embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Central's PGlite folder: `<MEDKARTA_DATA_DIR>/central` (default ~/.local/share/medkarta/central). */
  dataDir: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** The folder document files are stored in; undefined: `<dataDir>/documents` (see documentFolder). */
  documentDir?: string | undefined;
  /** Largest document file accepted, in bytes. */
  documentLimit: number;
  /** Base URL written into bundle links and Location headers. */
  publicBaseUrl: string | undefined;
  /** The NSI file ICD-10 is imported from when the table is empty; undefined: no import at start. */
  icd10File: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  demoPatients: number;
  demoSeed: number;
}

export function configFromEnvironment(env: NodeJS.ProcessEnv, argv: readonly string[]): CentralConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: join(medkartaDataRoot(env), 'central'),
    bodyLimit: Number(env.MEDKARTA_BODY_LIMIT ?? 16 * 1024 * 1024),
    documentDir: env.MEDKARTA_DOCUMENT_DIR || undefined,
    documentLimit: wholeNumber(env.MEDKARTA_DOCUMENT_LIMIT, 20 * 1024 * 1024, 'MEDKARTA_DOCUMENT_LIMIT'),
    publicBaseUrl: env.MEDKARTA_PUBLIC_URL || undefined,
    icd10File: env.MEDKARTA_ICD10_FILE || ICD10_RESOURCE_FILE,
    demo: argv.includes('--demo'),
    demoPassword: env.MEDKARTA_DEMO_PASSWORD || undefined,
    demoPatients: wholeNumber(env.MEDKARTA_DEMO_PATIENTS, 300, 'MEDKARTA_DEMO_PATIENTS'),
    demoSeed: wholeNumber(env.MEDKARTA_DEMO_SEED, 1, 'MEDKARTA_DEMO_SEED'),
  };
}

/** Where document files live: MEDKARTA_DOCUMENT_DIR, else the documents/ subfolder of Central's data folder. */
export function documentFolder(config: Pick<CentralConfig, 'documentDir' | 'dataDir'>): string {
  return config.documentDir ?? join(config.dataDir, 'documents');
}

function wholeNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return number;
}

/**
 * The folder Medkarta keeps its data in on this machine: MEDKARTA_DATA_DIR, else the XDG data home
 * (~/.local/share)/medkarta. Central uses its `central/` subfolder, so a workstation started with
 * the same variable can keep its own files beside it.
 */
export function medkartaDataRoot(env: NodeJS.ProcessEnv): string {
  if (env.MEDKARTA_DATA_DIR) return env.MEDKARTA_DATA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'medkarta');
}
