import { createSecretFile, readSecretFile } from './secret-file.js';
import { generateDatabaseKey, parseDatabaseKey, type DatabaseKey } from './database-key.js';

/**
 * Headless workstations (kiosks, overnight prefetch) keep the key in a file beside the data
 * folder: created with a fresh random key on first start, readable by its owner only.
 */
export function loadOrCreateKeyFile(path: string): DatabaseKey {
  const existing = readSecretFile(path);
  if (existing) return parseDatabaseKey(existing.toString('utf8'), `The key file ${path}`);
  // Whether we created it or another process won the race, the file on disk is the key.
  createSecretFile(path, generateDatabaseKey() + '\n');
  return loadOrCreateKeyFile(path);
}
