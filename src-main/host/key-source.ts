import { join } from 'node:path';
import type { DatabaseKey } from '../keys/database-key.js';
import { loadOrCreateKeyFile } from '../keys/key-file.js';
import { chooseKeySource, loadOrCreateWrappedKey, type KeyWrapper } from '../keys/key-wrapper.js';
import { deriveKeyFromPassphrase } from '../keys/passphrase.js';

/**
 * Where the database key comes from. `reload` is there when the key can be had again without a
 * person (a key file, the OS keyring): then someone else may take over a locked workstation.
 */
export interface KeySource {
  kind: 'key-file' | 'passphrase' | 'os-keyring';
  first(): Promise<DatabaseKey>;
  reload: (() => DatabaseKey) | null;
}

export interface KeyOptions {
  dataDir: string;
  /** Headless: derive the key from this passphrase (scrypt, salt kept in the data folder). */
  passphrase?: string;
  /** Electron: safeStorage adapted (src-main/keys/key-wrapper.ts); refused on Linux basic_text. */
  keyWrapper?: KeyWrapper;
  /** Asked when the OS keyring cannot be trusted; the reason is shown to the person. */
  askPassphrase?: (reason: string) => Promise<string>;
}

export function keyPaths(dataDir: string) {
  return {
    keyFile: join(dataDir, 'keys', 'store.key'),
    wrappedKey: join(dataDir, 'keys', 'store.key.wrapped'),
    salt: join(dataDir, 'keys', 'store.salt'),
  };
}

export function chooseKeySourceFor(options: KeyOptions): KeySource {
  const paths = keyPaths(options.dataDir);
  if (options.passphrase !== undefined) {
    const passphrase = options.passphrase;
    return { kind: 'passphrase', first: async () => deriveKeyFromPassphrase(passphrase, paths.salt), reload: null };
  }
  if (options.keyWrapper) {
    const wrapper = options.keyWrapper;
    const choice = chooseKeySource(wrapper);
    if (choice.kind === 'wrapped') {
      const load = () => loadOrCreateWrappedKey(wrapper, paths.wrappedKey);
      return { kind: 'os-keyring', first: async () => load(), reload: load };
    }
    const ask = options.askPassphrase;
    if (!ask) throw new Error(`${choice.reason}, and no way to ask for a passphrase was given`);
    return { kind: 'passphrase', first: async () => deriveKeyFromPassphrase(await ask(choice.reason), paths.salt), reload: null };
  }
  const load = () => loadOrCreateKeyFile(paths.keyFile);
  return { kind: 'key-file', first: async () => load(), reload: load };
}
