import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnvironment, medkartaDataRoot } from './config.js';
import { ICD10_RESOURCE_FILE } from './terminology/resources.js';

describe('configFromEnvironment', () => {
  it('defaults to PGlite under ~/.local/share/medkarta/central, 300 demo patients, the shipped ICD-10 file', () => {
    const config = configFromEnvironment({}, []);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: undefined, demo: false, demoPatients: 300, demoSeed: 1, icd10File: ICD10_RESOURCE_FILE });
    expect(config.dataDir).toBe(join(homedir(), '.local', 'share', 'medkarta', 'central'));
  });

  it('keeps Central in the central/ folder of MEDKARTA_DATA_DIR (or of the XDG data home)', () => {
    expect(configFromEnvironment({ MEDKARTA_DATA_DIR: '/srv/mk' }, []).dataDir).toBe('/srv/mk/central');
    expect(medkartaDataRoot({ XDG_DATA_HOME: '/home/a/.data' })).toBe('/home/a/.data/medkarta');
  });

  it('reads the demo settings and --demo', () => {
    const config = configFromEnvironment({ MEDKARTA_DEMO_PASSWORD: 'secret-pass', MEDKARTA_DEMO_PATIENTS: '25', MEDKARTA_DEMO_SEED: '7', PORT: '0' }, ['--demo']);
    expect(config).toMatchObject({ demo: true, demoPassword: 'secret-pass', demoPatients: 25, demoSeed: 7, port: 0 });
  });

  it('says which variable is wrong', () => {
    expect(() => configFromEnvironment({ PORT: 'http' }, [])).toThrow(/PORT/);
    expect(() => configFromEnvironment({ MEDKARTA_DEMO_PATIENTS: 'many' }, [])).toThrow(/MEDKARTA_DEMO_PATIENTS/);
    expect(() => configFromEnvironment({ MEDKARTA_DEMO_PATIENTS: '-5' }, [])).toThrow(/MEDKARTA_DEMO_PATIENTS/);
  });
});
