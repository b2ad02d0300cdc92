import { configFromEnvironment } from './config.js';
import { startCentral } from './main.js';
import { importIcd10Command } from './cli-import.js';
import { printDemo } from './demo/print.js';

/**
 * `npm run server` starts Central; `npm run server -- --demo` with the demo region;
 * `npm run server -- import-icd10 <file>` imports a newer ICD-10 reference file and exits.
 */
const argv = process.argv.slice(2);
const config = configFromEnvironment(process.env, argv);
const command = argv.find((arg) => !arg.startsWith('--'));

if (command === 'import-icd10') {
  process.exitCode = await importIcd10Command(config, argv.slice(argv.indexOf(command) + 1).find((arg) => !arg.startsWith('--')));
} else if (command !== undefined) {
  console.error(`Unknown command "${command}". Usage: npm run server [-- --demo] | npm run server -- import-icd10 <file.csv>`);
  process.exitCode = 2;
} else {
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
  console.log(`Medkarta Central is starting (${where})${config.demo ? ', preparing the demo region' : ''}...`);
  const central = await startCentral(config, { progress: (text) => console.log(text) }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(`Port ${config.port} on ${config.host} is taken by another program: set PORT to a free one.`);
    process.exit(1);
  });
  if (central.startup.icd10Imported) console.log(`ICD-10: imported ${central.startup.icd10Imported.rows} codes from the Ministry's NSI file`);
  if (central.startup.demo) printDemo(central.startup.demo, central.url);
  console.log(`Medkarta Central listening on ${central.url} (FHIR at ${central.url}/fhir, health at ${central.url}/healthz)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void central.close().then(() => process.exit(0));
    });
  }
}
