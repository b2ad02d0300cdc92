import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseKeyError } from './database-key.js';

/**
 * Small secret files (key, wrapped key, salt): created owner-only, and refused when group or
 * others can read them, because a key anyone on the machine can read protects nothing.
 * Windows has no POSIX modes (its ACLs are the installer's business), so the check is skipped there.
 */
export function readSecretFile(path: string): Buffer | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DatabaseKeyError(
      `${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run "chmod 600 ${path}" and start again`,
    );
  }
  return readFileSync(path);
}

/**
 * Writes a new secret file with mode 0600. `wx` fails if the file appeared meanwhile, so two
 * processes starting at once cannot each write a different key: the loser reads the winner's.
 */
export function createSecretFile(path: string, content: Buffer | string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
