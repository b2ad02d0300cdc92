import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson } from '../../demo/people.js';
import { fhirClient } from '../../fhir/testing.js';
import { RegisterUnavailableError } from '../http-json.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../testing.js';
import { POPULATION_REGISTER_SOURCE, pullPopulationChanges } from './changes.js';

describe('the population register feed of changes', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  const person = demoPerson(12);
  let patientId: string;

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 500 });
    const created = await fhirClient(central, 'registrar')('POST', '/Patient', {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
      name: [{ use: 'official', family: person.family, given: [person.given] }],
      birthDate: person.birthDate,
      gender: person.sex,
      address: [{ use: 'home', text: person.address }],
    });
    expect(created.status).toBe(201);
    patientId = created.body.id;
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  it('applies a new surname, a move and a death as new versions, keeping the history, exactly once', async () => {
    const stranger = demoPerson(40).personalNumber; // known to the register, not to Central
    sims.population.population.record({ kind: 'address', personalNumber: stranger, effective: '2025-01-05', address: 'г. Лида, ул. Ленина, 1' });
    sims.population.population.record({ kind: 'surname', personalNumber: person.personalNumber, effective: '2025-02-01', family: 'Новицкая' });
    sims.population.population.record({ kind: 'address', personalNumber: person.personalNumber, effective: '2025-02-10', address: 'г. Гродно, ул. Ожешко, 3' });
    sims.population.population.record({ kind: 'death', personalNumber: person.personalNumber, effective: '2025-03-01' });

    expect(await pullPopulationChanges(central.ctx, sims.registers.population, 2)).toEqual({ received: 4, applied: 3, skipped: 1 });
    expect(await pullPopulationChanges(central.ctx, sims.registers.population, 2)).toEqual({ received: 0, applied: 0, skipped: 0 });

    const fhir = fhirClient(central, 'doctor');
    const patient = (await fhir('GET', `/Patient/${patientId}`)).body;
    expect(patient.meta.versionId).toBe('4');
    expect(patient.meta.source).toBe(POPULATION_REGISTER_SOURCE);
    expect(patient.name[0]).toMatchObject({ use: 'official', family: 'Новицкая', period: { start: '2025-02-01' } });
    expect(patient.name[1]).toMatchObject({ use: 'old', family: person.family, period: { end: '2025-01-31' } });
    expect(patient.address.map((a: { text: string; use: string }) => [a.use, a.text])).toEqual([['home', 'г. Гродно, ул. Ожешко, 3'], ['old', person.address]]);
    expect(patient.deceasedDateTime).toBe('2025-03-01');
    const history = (await fhir('GET', `/Patient/${patientId}/_history`)).body;
    expect(history.entry.map((e: { resource: { meta: { versionId: string } } }) => e.resource.meta.versionId).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('loses nothing during an outage: the next pull starts where the last one stopped', async () => {
    sims.population.population.record({ kind: 'address', personalNumber: person.personalNumber, effective: '2025-04-01', address: 'г. Минск, ул. Притыцкого, 9' });
    sims.population.setFaults({ down: true });
    await expect(pullPopulationChanges(central.ctx, sims.registers.population)).rejects.toBeInstanceOf(RegisterUnavailableError);
    sims.population.setFaults({ errorRate: 0.5 });
    let report;
    for (let attempt = 0; !report && attempt < 20; attempt++) {
      report = await pullPopulationChanges(central.ctx, sims.registers.population).catch(() => undefined);
    }
    sims.population.setFaults({});
    // A pull that failed part way may have applied the change already; the sum over pulls is exactly one.
    const patient = (await fhirClient(central, 'doctor')('GET', `/Patient/${patientId}`)).body;
    expect(patient.meta.versionId).toBe('5');
    expect(patient.address[0].text).toBe('г. Минск, ул. Притыцкого, 9');
  });
});
