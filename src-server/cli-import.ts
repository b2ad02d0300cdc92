import type { CentralConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { isOperationOutcomeError } from '../shared/fhir/outcomes.js';
import { importIcd10File } from './terminology/resources.js';

/** `import-icd10 <file>`: imports (or updates from) an NSI ICD-10 file into Central's database. */
export async function importIcd10Command(config: CentralConfig, file: string | undefined): Promise<number> {
  if (!file) {
    console.error('Usage: npm run server -- import-icd10 <file.csv>  (the Ministry NSI format: ID;REC_CODE;MKB_CODE;MKB_NAME;ID_PARENT;ADDL_CODE;ACTUAL;DATE)');
    return 2;
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const counts = await importIcd10File(db, file);
    console.log(`ICD-10 from ${file}: ${counts.rows} codes; ${counts.inserted} new, ${counts.updated} changed, ${counts.unchanged} unchanged, ${counts.deactivated} no longer in the file (kept, marked inactive)`);
    return 0;
  } catch (error) {
    if (isOperationOutcomeError(error)) {
      console.error(`Nothing was imported: ${error.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Nothing was imported: no file ${file}`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}
