import { createSecretFile, readSecretFile } from './secret-file.js';
import { DatabaseKeyError, generateDatabaseKey, parseDatabaseKey, type DatabaseKey } from './database-key.js';
import { deriveKeyFromPassphrase } from './passphrase.js';

/**
 * What the Electron shell passes in: `safeStorage` adapted to buffers. Kept as an interface so this
 * logic runs (and is tested) without Electron.
 */
export interface KeyWrapper {
  isAvailable(): boolean;
  /** Electron's `getSelectedStorageBackend()` on Linux (`gnome_libsecret`, `kwallet6`, `basic_text`, …); a fixed name elsewhere. */
  backend(): string;
  wrap(plain: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

/**
 * Backends that do not actually protect the key. On Linux without a keyring Electron falls back to
 * `basic_text`, which "encrypts" with a password hard-coded in Chromium: anyone who copies the
 * wrapped key can unwrap it. `unknown` means the backend could not be determined, so it is not trusted.
 */
const UNTRUSTED_BACKENDS = new Set(['basic_text', 'unknown']);

export type KeySource = { kind: 'wrapped' } | { kind: 'passphrase'; reason: string };

export function chooseKeySource(wrapper: KeyWrapper | undefined): KeySource {
  if (!wrapper || !wrapper.isAvailable()) {
    return { kind: 'passphrase', reason: 'The operating system offers no protected storage for the database key' };
  }
  const backend = wrapper.backend();
  if (UNTRUSTED_BACKENDS.has(backend)) {
    return { kind: 'passphrase', reason: `The operating system keyring is not available (backend "${backend}" would keep the key readable)` };
  }
  return { kind: 'wrapped' };
}

export interface KeyLocations {
  /** The database key wrapped by the OS keyring. */
  wrappedKeyPath: string;
  /** The scrypt salt used when the key comes from a passphrase. */
  saltPath: string;
}

/**
 * The database key for an Electron workstation: unwrapped by the OS keyring when it is trustworthy,
 * otherwise derived from a passphrase the person types (`askPassphrase` shows the prompt with the reason).
 */
export async function resolveDatabaseKey(
  wrapper: KeyWrapper | undefined,
  locations: KeyLocations,
  askPassphrase: (reason: string) => Promise<string>,
): Promise<DatabaseKey> {
  const source = chooseKeySource(wrapper);
  if (source.kind === 'passphrase') return deriveKeyFromPassphrase(await askPassphrase(source.reason), locations.saltPath);
  return loadOrCreateWrappedKey(wrapper!, locations.wrappedKeyPath);
}

export function loadOrCreateWrappedKey(wrapper: KeyWrapper, path: string): DatabaseKey {
  const wrapped = readSecretFile(path);
  if (wrapped) {
    let plain: Buffer;
    try {
      plain = wrapper.unwrap(wrapped);
    } catch (cause) {
      throw new DatabaseKeyError('The database key could not be unwrapped by the operating system keyring (was the user profile or keyring changed?)', { cause });
    }
    return parseDatabaseKey(plain.toString('utf8'), 'The unwrapped key');
  }
  createSecretFile(path, wrapper.wrap(Buffer.from(generateDatabaseKey(), 'utf8')));
  return loadOrCreateWrappedKey(wrapper, path);
}
