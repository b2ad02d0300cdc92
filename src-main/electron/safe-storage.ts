import { safeStorage } from 'electron';
import type { KeyWrapper } from '../keys/key-wrapper.js';

/**
 * Electron's safeStorage as the workstation's KeyWrapper: the store key is wrapped by the OS
 * keyring (DPAPI, Keychain, libsecret/kwallet). On Linux the backend is reported so a `basic_text`
 * fallback (a password compiled into Chromium) is refused by src-main/keys and a passphrase asked.
 */
export const safeStorageKeyWrapper: KeyWrapper = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform),
  wrap: (plain) => safeStorage.encryptString(plain.toString('base64')),
  unwrap: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'base64'),
};
