import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.js';
import { importIcd10, type Icd10ImportCounts } from './icd10-import.js';
import { decodeNsiFile } from './nsi-csv.js';

/** The full Russian ICD-10 shipped with Central (Ministry of Health NSI list 1.2.643.5.1.13.13.11.1005 v2.27, MIT via ak4nv/mkb10). */
export const ICD10_RESOURCE_FILE = fileURLToPath(new URL('../../resources/terminology/icd10-ru.nsi-1.2.643.5.1.13.13.11.1005_2.27.csv', import.meta.url));

export async function importIcd10File(db: Database, path: string = ICD10_RESOURCE_FILE): Promise<Icd10ImportCounts> {
  return importIcd10(db, decodeNsiFile(await readFile(path)));
}
