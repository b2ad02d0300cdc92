import { describe, expect, it, vi } from 'vitest';
import { chooseKeySource } from '../keys/key-wrapper.js';

/** safeStorage replaced by a recorder that "encrypts" reversibly, with the backend a Linux desktop reports. */
let backend = 'gnome_libsecret';
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => Buffer.from([...text].reverse().join(''), 'utf8'),
    decryptString: (data: Buffer) => [...data.toString('utf8')].reverse().join(''),
  },
}));

describe('the store key wrapped by safeStorage', () => {
  it('round-trips the key bytes', async () => {
    const { safeStorageKeyWrapper } = await import('./safe-storage.js');
    const key = Buffer.from([0, 1, 2, 250, 251, 252]);
    const wrapped = safeStorageKeyWrapper.wrap(key);
    expect(wrapped.equals(key)).toBe(false);
    expect(safeStorageKeyWrapper.unwrap(wrapped).equals(key)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('reports the Linux backend, so basic_text is refused for a passphrase', async () => {
    const { safeStorageKeyWrapper } = await import('./safe-storage.js');
    expect(chooseKeySource(safeStorageKeyWrapper)).toEqual({ kind: 'wrapped' });
    backend = 'basic_text';
    expect(chooseKeySource(safeStorageKeyWrapper).kind).toBe('passphrase');
  });
});
