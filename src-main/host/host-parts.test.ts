import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import type { KeyWrapper } from '../keys/key-wrapper.js';
import { sealKey, unsealKey } from '../session/unlock-key.js';
import { chooseKeySourceFor, keyPaths } from './key-source.js';
import { DEFAULT_SETTINGS, SettingsFile } from './settings-file.js';
import { StoreKeeper } from './store-keeper.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

const wrapper = (backend: string): KeyWrapper => ({
  isAvailable: () => true,
  backend: () => backend,
  wrap: (b) => Buffer.from(b.map((x) => x ^ 0x33)),
  unwrap: (b) => Buffer.from(b.map((x) => x ^ 0x33)),
});

describe('the key source', () => {
  it('is a key file by default, an OS keyring when trustworthy, and a passphrase on Linux basic_text', async () => {
    expect(chooseKeySourceFor({ dataDir: dir.path }).kind).toBe('key-file');
    expect(chooseKeySourceFor({ dataDir: dir.path, passphrase: 'long enough passphrase' }).kind).toBe('passphrase');
    const keyring = chooseKeySourceFor({ dataDir: dir.path, keyWrapper: wrapper('gnome_libsecret') });
    expect(keyring.kind).toBe('os-keyring');
    expect(keyring.reload!()).toBe(await keyring.first());
    const reasons: string[] = [];
    const basic = chooseKeySourceFor({ dataDir: dir.path, keyWrapper: wrapper('basic_text'), askPassphrase: async (reason) => (reasons.push(reason), 'typed at the prompt') });
    expect(basic).toMatchObject({ kind: 'passphrase', reload: null });
    await basic.first();
    expect(reasons[0]).toMatch(/basic_text/);
    expect(() => chooseKeySourceFor({ dataDir: dir.path, keyWrapper: wrapper('basic_text') })).toThrow(/no way to ask for a passphrase/);
  });
});

describe('the store keeper', () => {
  it('closes the store and forgets the key, and opens it only with the right key', async () => {
    const keeper = new StoreKeeper(join(dir.path, 'store.db'), chooseKeySourceFor({ dataDir: dir.path }));
    const seen: (string | null)[] = [];
    keeper.onChange((store) => seen.push(store ? 'open' : 'closed'));
    await keeper.open();
    const key = keeper.currentKey()!;
    keeper.close();
    expect([keeper.current(), keeper.currentKey()]).toEqual([null, null]);
    expect(() => keeper.require()).toThrow(/locked/);
    expect(() => keeper.openWith(generateDatabaseKey())).toThrow(/key is wrong/);
    keeper.openWith(key);
    expect(keeper.current()).not.toBeNull();
    keeper.close();
    expect(keeper.reopenFromSource()).toBe(true);
    keeper.close();
    expect(seen).toEqual(['open', 'closed', 'open', 'closed', 'open', 'closed']);
    expect(existsSync(keyPaths(dir.path).keyFile)).toBe(true);
  });
});

describe('the sealed key', () => {
  it('opens with the password it was sealed with and no other', async () => {
    const key = generateDatabaseKey();
    const sealed = await sealKey(key, 'Пароль-врача-1');
    expect(sealed.sealed.toString('utf8')).not.toContain(key);
    expect(await unsealKey(sealed, 'Пароль-врача-1')).toBe(key);
    expect(await unsealKey(sealed, 'Пароль-врача-2')).toBeNull();
  });
});

describe('the settings file', () => {
  it('starts with the defaults, keeps what is set, and survives a damaged file field by field', () => {
    const path = join(dir.path, 'settings.json');
    expect(new SettingsFile(path).get()).toEqual(DEFAULT_SETTINGS);
    new SettingsFile(path).set({ language: 'be' });
    expect(new SettingsFile(path).get()).toEqual({ language: 'be', idleLockMinutes: 10 });
    expect(() => new SettingsFile(path).set({ idleLockMinutes: 0 })).toThrow();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ language: 'be', idleLockMinutes: 10 });
    writeFileSync(path, JSON.stringify({ language: 'xx', idleLockMinutes: 3 }));
    const logged: string[] = [];
    expect(new SettingsFile(path, (m) => logged.push(m)).get()).toEqual({ language: 'ru', idleLockMinutes: 3 });
    expect(logged[0]).toMatch(/language is not valid/);
    writeFileSync(path, '{ not json');
    expect(new SettingsFile(path, () => {}).get()).toEqual(DEFAULT_SETTINGS);
  });
});
