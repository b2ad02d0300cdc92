/**
 * Central in a process of its own, so the simulation can kill it (SIGKILL, mid-transaction) and
 * start it again over the same data: a PGlite data folder, or the PostgreSQL database named by
 * DATABASE_URL. Reports its URL to the parent once it listens.
 */
import { configFromEnvironment } from '../../src-server/config.js';
import { startCentral } from '../../src-server/main.js';

const config = { ...configFromEnvironment({}, []), host: '127.0.0.1', port: Number(process.env.SIM_PORT), databaseUrl: process.env.SIM_DATABASE_URL || undefined, dataDir: process.env.SIM_DATA_DIR ?? '', icd10File: undefined };
const central = await startCentral(config);
process.send?.({ type: 'ready', url: central.url });

process.once('SIGTERM', () => {
  void central.close().then(() => process.exit(0));
});
