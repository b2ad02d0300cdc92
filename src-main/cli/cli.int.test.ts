import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, startClinicCentral, STAFF_PASSWORD, type ClinicCentral } from '../../test/fixtures/workstation/central-clinic.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';

const run = promisify(execFile);
let clinic: ClinicCentral;
let dir: ReturnType<typeof makeTempDir>;

/** Runs `npm run ws -- <args>` as a separate process, as a kiosk script would. */
async function ws(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args, '--data', dir.path, '--central', clinic.url], {
      env: { ...process.env, MEDKARTA_PASSWORD: STAFF_PASSWORD, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  clinic = await startClinicCentral({ patients: 3, registers: false });
  dir = makeTempDir();
});
afterAll(async () => {
  dir?.remove();
  await clinic?.close();
});

describe('npm run ws', () => {
  it('enrols, logs in, synchronises, searches and opens a chart, each command its own process', async () => {
    expect(await ws(['status'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/not enrolled/) });
    expect(await ws(['search', 'Иванов'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Nobody is logged in/) });
    expect(await ws(['enrol', '--username', 'admin.p3', '--display', 'Киоск регистратуры'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Enrolled as "Киоск регистратуры".*Городская поликлиника №3/) });
    expect(await ws(['sync'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/online; last synchronised 20/) });
    expect(await ws(['login', '--username', 'lukashevich'], { MEDKARTA_PASSWORD: 'wrong-password' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/incorrect/) });
    expect(await ws(['login', '--username', 'lukashevich'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/active; Лукашевич О\. И\. \(lukashevich, doctor\)/) });
    const person = demoPerson(2);
    const found = await ws(['search', person.family, person.given]);
    expect(found).toMatchObject({ code: 0, stdout: expect.stringContaining(person.personalNumber) });
    const opened = await ws(['open', person.personalNumber]);
    expect(opened).toMatchObject({ code: 0, stdout: expect.stringContaining(`${person.family} ${person.given}`) });
    expect(opened.stdout).toMatch(/allergies|ALLERGIES/);
    const status = await ws(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ session: { state: 'active', user: { username: 'lukashevich' } }, counts: { patients: 3 }, keySource: 'key-file' });
    expect(await ws(['logout'])).toMatchObject({ code: 0 });
    expect(await ws(['open', person.personalNumber])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Nobody is logged in/) });
  });

  it('keeps the database key in a passphrase instead of a file when asked', async () => {
    const other = makeTempDir();
    try {
      const passphrase = { MEDKARTA_WS_PASSPHRASE: 'a long kiosk passphrase' };
      const first = await run(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', 'status', '--json', '--data', other.path, '--central', clinic.url], { env: { ...process.env, ...passphrase } });
      expect(JSON.parse(first.stdout)).toMatchObject({ keySource: 'passphrase' });
      const wrong = await run(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', 'status', '--data', other.path, '--central', clinic.url], { env: { ...process.env, MEDKARTA_WS_PASSPHRASE: 'another passphrase!' } }).catch((e: { stderr: string }) => e);
      expect((wrong as { stderr: string }).stderr).toMatch(/key is wrong or the file is damaged/);
    } finally {
      other.remove();
    }
  });
});
