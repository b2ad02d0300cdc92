import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createCabinetAccount, createUser, login, storePatient, TEST_PASSWORD } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';

describe('ICD-10 look-up for staff (GET /terminology/icd10)', () => {
  let central: TestCentral;
  let http: Client;
  let staff: Record<string, string>;

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    await createUser(central, 'ivanova', 'doctor');
    staff = bearer((await login(central, 'ivanova')).access_token);
  });
  afterAll(() => central.close());

  const codes = (body: { results: { code: string }[] }) => body.results.map((r) => r.code);

  it('is ready at start with the NSI file imported (/healthz says how many codes)', async () => {
    const health = await http.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', icd10Codes: 56 });
  });

  it('finds Russian titles by code prefix, with or without the dot, on either keyboard layout', async () => {
    const byPrefix = await http.get('/terminology/icd10?q=J20', staff);
    expect(byPrefix.status).toBe(200);
    // Leaves first (what a diagnosis is coded with), then the category and the block it opens.
    expect(codes(byPrefix.body)).toEqual(['J20.0', 'J20.1', 'J20.2', 'J20.8', 'J20.9', 'J20', 'J20-J22']);
    expect(byPrefix.body.results[4]).toMatchObject({ title: 'Острый бронхит неуточненный', leaf: true, kind: 'subcategory', parent: 'J20' });
    expect(codes((await http.get('/terminology/icd10?q=j069', staff)).body)).toEqual(['J06.9']);
    expect(codes((await http.get(`/terminology/icd10?q=${encodeURIComponent('о06.9')}`, staff)).body)).toEqual(['J06.9']);
  });

  it('finds by the words of the title, each word a prefix, case and ё/е ignored', async () => {
    const words = await http.get(`/terminology/icd10?q=${encodeURIComponent('острый БРОНХ')}`, staff);
    expect(codes(words.body)).toEqual(expect.arrayContaining(['J20.9', 'J21.9']));
    expect(words.body.results.every((r: { title: string }) => /остр/i.test(r.title))).toBe(true);
    expect(codes((await http.get(`/terminology/icd10?q=${encodeURIComponent('гипертензивная сердца')}`, staff)).body)).toContain('I11.9');
    expect((await http.get(`/terminology/icd10?q=${encodeURIComponent('нет такого слова')}`, staff)).body.results).toEqual([]);
  });

  it('leaves out codes the Ministry marked inactive, but still shows them by code (old records use them)', async () => {
    expect(codes((await http.get('/terminology/icd10?q=A90', staff)).body)).toEqual([]);
    const detail = await http.get('/terminology/icd10/A90', staff);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ code: 'A90', active: false });
    const bronchitis = await http.get('/terminology/icd10/J20.9', staff);
    expect(bronchitis.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['X', 'J20-J22', 'J20']);
    expect((await http.get('/terminology/icd10/Z99.9', staff)).status).toBe(404);
  });

  it('refuses bad queries with a 400 and callers who are not staff', async () => {
    for (const query of ['', '?q=', `?q=${'a'.repeat(101)}`, '?q=J06&_count=0', '?q=J06&_count=1e9', '?q=%00']) {
      const answer = await http.get(`/terminology/icd10${query}`, staff);
      expect(answer.status, query).toBe(400);
      expect(isOutcome(answer.body)).toBe(true);
    }
    expect((await http.get('/terminology/icd10?q=J06')).status).toBe(401);
    const patient = await storePatient(central, 'pat-1');
    await createCabinetAccount(central, patient);
    const cabinet = await http.post('/auth/patient-login', { personalNumber: patient.identifier![0]!.value, password: TEST_PASSWORD }, { 'content-type': 'application/json' });
    expect((await http.get('/terminology/icd10?q=J06', bearer(cabinet.body.access_token))).status).toBe(403);
  });
});
