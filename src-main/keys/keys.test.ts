import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { DatabaseKeyError, parseDatabaseKey } from './database-key.js';
import { loadOrCreateKeyFile } from './key-file.js';
import { chooseKeySource, resolveDatabaseKey, type KeyWrapper } from './key-wrapper.js';
import { deriveKeyFromPassphrase } from './passphrase.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

/** Stands in for Electron's safeStorage: a reversible transform, so wrapped bytes differ from the key. */
function fakeWrapper(backend: string, available = true): KeyWrapper & { wrapped: number } {
  const flip = (buf: Buffer) => Buffer.from(buf.map((b) => b ^ 0x5a));
  return {
    wrapped: 0,
    isAvailable: () => available,
    backend: () => backend,
    wrap(plain) {
      this.wrapped++;
      return flip(plain);
    },
    unwrap: flip,
  };
}

describe.skipIf(process.platform === 'win32')('key file', () => {
  it('is created owner-only with a fresh 32-byte key and read back the same', () => {
    const path = join(dir.path, 'keys', 'store.key');
    const key = loadOrCreateKeyFile(path);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path)).toBe(key);
  });

  it('is refused when group or others can read it', () => {
    const path = join(dir.path, 'store.key');
    loadOrCreateKeyFile(path);
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyFile(path)).toThrow(/can be read by other users.*chmod 600/);
    chmodSync(path, 0o640);
    expect(() => loadOrCreateKeyFile(path)).toThrow(DatabaseKeyError);
  });

  it('is refused when it does not hold a key', () => {
    const path = join(dir.path, 'store.key');
    writeFileSync(path, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(path)).toThrow(/not a database key/);
  });
});

describe('passphrase', () => {
  it('derives the same key from the same passphrase and salt, another from another passphrase', () => {
    const salt = join(dir.path, 'store.salt');
    const a = deriveKeyFromPassphrase('корова на лугу 42', salt);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(deriveKeyFromPassphrase('корова на лугу 42', salt)).toBe(a);
    expect(deriveKeyFromPassphrase('корова на лугу 43', salt)).not.toBe(a);
  });

  it('uses the stored salt: another salt file gives another key', () => {
    const a = deriveKeyFromPassphrase('long enough phrase', join(dir.path, 'one.salt'));
    const b = deriveKeyFromPassphrase('long enough phrase', join(dir.path, 'two.salt'));
    expect(a).not.toBe(b);
  });

  it('refuses a short passphrase', () => {
    expect(() => deriveKeyFromPassphrase('short', join(dir.path, 's'))).toThrow(/at least 10 characters/);
  });
});

describe('key wrapping with the OS keyring', () => {
  const locations = () => ({ wrappedKeyPath: join(dir.path, 'store.key.wrapped'), saltPath: join(dir.path, 'store.salt') });

  it('trusts a real keyring backend and refuses basic_text, unknown and an unavailable wrapper', () => {
    expect(chooseKeySource(fakeWrapper('gnome_libsecret'))).toEqual({ kind: 'wrapped' });
    expect(chooseKeySource(fakeWrapper('basic_text'))).toMatchObject({ kind: 'passphrase', reason: expect.stringContaining('basic_text') });
    expect(chooseKeySource(fakeWrapper('unknown')).kind).toBe('passphrase');
    expect(chooseKeySource(fakeWrapper('kwallet6', false)).kind).toBe('passphrase');
    expect(chooseKeySource(undefined).kind).toBe('passphrase');
  });

  it('stores only the wrapped key and unwraps the same key on the next start', async () => {
    const wrapper = fakeWrapper('gnome_libsecret');
    const never = () => Promise.reject(new Error('must not ask for a passphrase'));
    const key = await resolveDatabaseKey(wrapper, locations(), never);
    const onDisk = readFileSync(locations().wrappedKeyPath);
    expect(onDisk.toString('utf8')).not.toContain(key);
    expect(wrapper.unwrap(onDisk).toString('utf8')).toBe(key);
    expect(await resolveDatabaseKey(wrapper, locations(), never)).toBe(key);
    expect(wrapper.wrapped).toBe(1);
  });

  it('asks for a passphrase instead of wrapping with basic_text, and says why', async () => {
    const wrapper = fakeWrapper('basic_text');
    const reasons: string[] = [];
    const key = await resolveDatabaseKey(wrapper, locations(), async (reason) => {
      reasons.push(reason);
      return 'a passphrase long enough';
    });
    expect(wrapper.wrapped).toBe(0);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/keyring/);
    expect(key).toBe(deriveKeyFromPassphrase('a passphrase long enough', locations().saltPath));
  });

  it('fails clearly when the keyring cannot unwrap the stored key', async () => {
    const wrapper = fakeWrapper('gnome_libsecret');
    await resolveDatabaseKey(wrapper, locations(), () => Promise.reject(new Error('no')));
    wrapper.unwrap = () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
    };
    await expect(resolveDatabaseKey(wrapper, locations(), () => Promise.reject(new Error('no')))).rejects.toThrow(/could not be unwrapped/);
  });
});

describe('parseDatabaseKey', () => {
  it('accepts 64 hex characters only, so a key can never inject into a PRAGMA', () => {
    expect(parseDatabaseKey('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(() => parseDatabaseKey(`${'a'.repeat(62)}'"`)).toThrow(DatabaseKeyError);
  });
});
