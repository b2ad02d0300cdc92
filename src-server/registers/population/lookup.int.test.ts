import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterPersonSchema } from '../../../shared/api/patients.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { staffPrincipal } from '../../../test/support/auth.js';
import { demoPerson } from '../../demo/people.js';
import { centralClient } from '../../integration/testing.js';
import { attachRegisters } from '../registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../testing.js';

describe('GET /registers/population/{personalNumber} (INTERFACES item 1)', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 1000 });
    attachRegisters(central.ctx, sims.registers);
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  it('answers a person the register knows, in the RegisterPerson shape', async () => {
    const person = demoPerson(100_004);
    const { status, body } = await centralClient(central, 'registrar')('GET', `/registers/population/${person.personalNumber}`);
    expect(status).toBe(200);
    expect(RegisterPersonSchema.strict().parse(body)).toEqual({
      personalNumber: person.personalNumber, family: person.family, given: person.given, patronymic: person.patronymic,
      birthDate: person.birthDate, sex: person.sex, address: person.address,
    });
  });

  it('accepts the number as a registrar types it: lower case, spaces, Cyrillic look-alike letters', async () => {
    const person = demoPerson(7);
    const typed = person.personalNumber.toLowerCase().replace('pb', 'РВ').replace(/^(.{7})/, '$1 ');
    const { status, body } = await centralClient(central, 'registrar')('GET', `/registers/population/${encodeURIComponent(typed)}`);
    expect(status).toBe(200);
    expect(body.personalNumber).toBe(person.personalNumber);
  });

  it('says 404 for a valid number the register does not know, 400 for a mistyped one, before asking the register', async () => {
    const call = centralClient(central, 'registrar');
    const unknown = demoPerson(250_000).personalNumber;
    const notFound = await call('GET', `/registers/population/${unknown}`);
    expect(notFound.status).toBe(404);
    expect(notFound.body.resourceType).toBe('OperationOutcome');

    const before = sims.population.stats.requests;
    const good = demoPerson(3).personalNumber;
    const typo = good.slice(0, 13) + String((Number(good[13]) + 1) % 10);
    const bad = await call('GET', `/registers/population/${typo}`);
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].details.text).toMatch(/check digit/);
    expect((await call('GET', '/registers/population/12345')).status).toBe(400);
    expect(sims.population.stats.requests).toBe(before);
  });

  it('answers 503 transient when the register is down or does not answer in time', async () => {
    const call = centralClient(central, 'registrar');
    const number = demoPerson(100_001).personalNumber;
    sims.population.setFaults({ down: true });
    const down = await call('GET', `/registers/population/${number}`);
    sims.population.setFaults({ timeoutRate: 1 });
    const silent = await call('GET', `/registers/population/${number}`);
    sims.population.setFaults({});
    for (const answer of [down, silent]) {
      expect(answer.status).toBe(503);
      expect(answer.body.issue[0].code).toBe('transient');
    }
    expect(silent.body.issue[0].details.text).toMatch(/no answer within 1000 ms/);
    expect((await call('GET', `/registers/population/${number}`)).status).toBe(200);
  });

  it('is for staff only', async () => {
    const number = demoPerson(1).personalNumber;
    expect((await centralClient(central, null)('GET', `/registers/population/${number}`)).status).toBe(401);
    const client = { kind: 'client' as const, subject: 'lab', display: 'Lab', roles: ['institution' as const], organizationId: 'o' };
    expect((await centralClient(central, client)('GET', `/registers/population/${number}`)).status).toBe(403);
    expect((await centralClient(central, staffPrincipal('doctor'))('GET', `/registers/population/${number}`)).status).toBe(200);
  });
});
