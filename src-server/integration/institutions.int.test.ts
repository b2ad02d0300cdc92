import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { fhirClient } from '../fhir/testing.js';
import { KNOWN_ENTITIES } from '../registers/legal-entities/simulated-entities.js';
import { makeUnp } from '../registers/legal-entities/unp.js';
import { attachRegisters } from '../registers/registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../registers/testing.js';
import { centralClient, registerTestInstitution } from './testing.js';

describe('registering an institution, verified in the register of legal entities', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  const admin = () => centralClient(central, 'clinic-admin');
  const institutions = async () => Number((await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM institution`)).rows[0]!.n);

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 1000 });
    attachRegisters(central.ctx, sims.registers, { background: false });
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  it('gives a verified laboratory an Organization with its УНП and a client for each of its systems', async () => {
    const entity = KNOWN_ENTITIES[2]!;
    const lis = await registerTestInstitution(central, { unp: entity.unp, kind: 'laboratory', system: 'LIS' });
    const organization = (await fhirClient(central, 'doctor')('GET', `/Organization/${lis.organizationId}`)).body;
    expect(organization).toMatchObject({ name: entity.shortName, alias: [entity.name], identifier: [{ system: SYSTEMS.unp, value: entity.unp }] });
    expect(lis.hl7Facility).toBe(entity.unp);
    const second = await registerTestInstitution(central, { unp: entity.unp, kind: 'laboratory', system: 'Analyser gateway' });
    expect(second.organizationId).toBe(lis.organizationId);
    expect(second.clientId).not.toBe(lis.clientId);
    expect((await lis.call('GET', '/feeds')).status).toBe(200);
  });

  it('refuses what the register does not confirm, saying why, and registers nothing', async () => {
    const before = await institutions();
    const liquidated = KNOWN_ENTITIES.find((e) => e.status === 'liquidated')!;
    const refused = await admin()('POST', '/feeds/institutions', { unp: liquidated.unp, kind: 'laboratory', system: 'LIS' });
    expect(refused.status).toBe(422);
    expect(refused.body.issue[0].details.text).toMatch(/liquidated/);
    expect((await admin()('POST', '/feeds/institutions', { unp: makeUnp(6, 9_999_000), kind: 'hospital', system: 'HIS' })).status).toBe(404);
    const typo = await admin()('POST', '/feeds/institutions', { unp: '700000019', kind: 'hospital', system: 'HIS' });
    expect(typo.status).toBe(400);
    expect(typo.body.issue[0].details.text).toMatch(/check digit/);
    expect((await centralClient(central, 'doctor')('POST', '/feeds/institutions', { unp: KNOWN_ENTITIES[1]!.unp, kind: 'hospital', system: 'HIS' })).status).toBe(403);
    expect(await institutions()).toBe(before);
  });

  it('leaves nothing half registered when the register is down, and registers when it is back', async () => {
    const before = await institutions();
    sims.legalEntities.setFaults({ down: true });
    const down = await admin()('POST', '/feeds/institutions', { unp: KNOWN_ENTITIES[4]!.unp, kind: 'ambulance', system: 'Dispatch' });
    expect(down.status).toBe(503);
    expect(down.body.issue[0].code).toBe('transient');
    expect(await institutions()).toBe(before);
    expect(Number((await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource WHERE resource_type = 'Organization'`)).rows[0]!.n)).toBe(before);
    sims.legalEntities.setFaults({});
    expect((await admin()('POST', '/feeds/institutions', { unp: KNOWN_ENTITIES[4]!.unp, kind: 'ambulance', system: 'Dispatch' })).status).toBe(201);
    expect(await institutions()).toBe(before + 1);
  });
});
